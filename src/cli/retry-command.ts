import type { Command } from "commander";
import { ArmadaError, type RunRecord, reclaimRun, requestTaskRetry } from "../core/index.js";
import { type Context, openContext, resolveRunAndTask } from "./context.js";
import { startDetachedMaster } from "./start-master.js";

export function registerRetry(program: Command): void {
  program
    .command("retry")
    .description(
      "run a failed, cancelled or blocked task again (its blocked dependents too), in its run",
    )
    .argument("<run>", "run id (or the task, for the latest run)")
    .argument("[task]", "the task to run again")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (first: string, second: string | undefined, flags: { repo?: string }) => {
      const ctx = await openContext(flags.repo);
      const { run, task } = resolveRunAndTask(ctx.store, first, second);
      if (!task)
        throw new ArmadaError("no-task", "Name the task to retry: `armada retry <run> <task>`.");
      process.stdout.write(`${await retryTask(ctx, run, task.id)}\n`);
    });
}

/**
 * Runs a task again: a live master queues it itself; otherwise the task is queued here and a
 * master is started in the background to finish the run (as `armada resume --detach` does).
 */
export async function retryTask(ctx: Context, run: RunRecord, taskId: string): Promise<string> {
  const outcome = requestTaskRetry(ctx.store, run, taskId);
  if (outcome.kind === "refused") throw new ArmadaError("retry-refused", outcome.why);
  if (outcome.kind === "requested")
    return `Asked run ${run.id}'s master to run task ${taskId} again; it starts when a slot is free.`;
  await reclaimRun(ctx.store, run, ctx.driverFor);
  const url = process.env.ARMADA_CLOUD;
  const pid = startDetachedMaster(
    ctx.repo.root,
    ctx.runDir(run.id),
    run.id,
    url ? { ARMADA_CLOUD: url } : {},
  );
  return `Task ${taskId} is queued again${outcome.reopened ? ` and run ${run.id} is reopened` : ""}; a master runs it in the background (pid ${pid}). Follow with \`armada status ${run.id} --watch\`.`;
}
