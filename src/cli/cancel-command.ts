import { hostname } from "node:os";
import type { Command } from "commander";
import { loadConfig } from "../config/index.js";
import {
  FINISHED_RUN_STATES,
  masterAlive,
  type RunRecord,
  reclaimRun,
  requestTaskCancel,
  toArmadaError,
} from "../core/index.js";
import { jobIdOf } from "../fleet/queue-names.js";
import { runCloud } from "./cloud-target.js";
import { type Context, openContext, resolveRunAndTask } from "./context.js";

const WAIT_MS = 30_000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function registerCancel(program: Command): void {
  program
    .command("cancel")
    .description("stop a run: its agents are stopped, finished results are kept")
    .argument("[run]", "run id (default: the latest run)")
    .argument("[task]", "cancel only this task (its dependents are blocked)")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(
      async (first: string | undefined, second: string | undefined, flags: { repo?: string }) => {
        const ctx = await openContext(flags.repo);
        const { run, task } = resolveRunAndTask(ctx.store, first, second);
        const message = task ? await cancelTask(ctx, run, task.id) : await cancelRun(ctx, run);
        process.stdout.write(`${message}\n`);
      },
    );
}

/**
 * Stops a run: through its master when one is alive (waiting, 30 s by default, for it to end), else
 * here, stopping what a dead master left behind. Says what became of the run.
 */
export async function cancelRun(ctx: Context, run: RunRecord, waitMs = WAIT_MS): Promise<string> {
  const { store } = ctx;
  if (FINISHED_RUN_STATES.includes(run.state))
    return `Run ${run.id} already ended (${run.state}); nothing to cancel.`;
  if (masterAlive(run)) {
    store.updateRun(run.id, { cancelRequested: true }, { type: "run.cancel-requested", data: {} });
    if (run.masterPid && run.masterHost === hostname()) {
      try {
        process.kill(run.masterPid, "SIGTERM");
      } catch {
        // It ended meanwhile; the flag covers a master that is between checks.
      }
    }
    const deadline = Date.now() + waitMs;
    while (Date.now() < deadline) {
      const current = store.getRun(run.id);
      if (!current || FINISHED_RUN_STATES.includes(current.state) || !masterAlive(current)) break;
      await sleep(200);
    }
    const after = store.getRun(run.id);
    if (after?.state !== "cancelled")
      return `Asked run ${run.id} to stop; its master is still finishing (state ${after?.state}).`;
  } else {
    await reclaimRun(store, run, ctx.driverFor);
    if (run.options.cloud) await cancelLeftOnFleet(ctx, run);
    for (const task of store.listTasks(run.id)) {
      if (task.state === "queued" || task.state === "active") {
        store.updateTask(
          run.id,
          task.id,
          { state: "cancelled", error: "the run was cancelled", finishedAt: Date.now() },
          { type: "task.state", data: { state: "cancelled" } },
        );
      }
    }
    store.updateRun(
      run.id,
      { state: "cancelled", finishedAt: Date.now() },
      { type: "run.state", data: { state: "cancelled" } },
    );
  }
  const done = store.listTasks(run.id).filter((t) => t.state === "completed").length;
  return `Cancelled run ${run.id}. ${done} finished task result(s) are kept on branch armada/${run.id}: \`armada diff ${run.id}\` shows them, \`armada apply ${run.id}\` applies them.`;
}

/** The attempts a dead master left on the fleet: the workers are told to stop them. */
async function cancelLeftOnFleet(ctx: Context, run: RunRecord): Promise<void> {
  const left = ctx.store.listAttempts(run.id).filter((a) => a.state === "running");
  for (const attempt of left) {
    ctx.store.updateAttempt(run.id, attempt.taskId, attempt.n, {
      state: "cancelled",
      error: "the run was cancelled",
      finishedAt: Date.now(),
    });
  }
  if (left.length === 0 || !run.options.cloud) return;
  try {
    const { config } = await loadConfig(ctx.repo.root);
    const target = runCloud(run.id, run.options.cloud, undefined, config);
    const { cancelOnFleet } = await import("../fleet/index.js");
    await cancelOnFleet(
      target,
      run.options.labels ?? [],
      left.map((a) => jobIdOf({ runId: run.id, task: { id: a.taskId }, attempt: a.n })),
    );
  } catch (error) {
    // The run is cancelled either way; its workers then finish what they hold, unused.
    process.stderr.write(
      `armada: the fleet's workers were not told to stop this run's attempts: ${toArmadaError(error).userMessage}\n`,
    );
  }
}

/** Cancels one task, waiting (30 s by default) for a live master to stop it; says how it went. */
export async function cancelTask(
  ctx: Context,
  run: RunRecord,
  taskId: string,
  waitMs = WAIT_MS,
): Promise<string> {
  const { store } = ctx;
  const outcome = requestTaskCancel(store, run, taskId);
  if (outcome === "not-cancellable") {
    const task = store.getTask(run.id, taskId);
    return `Task ${taskId} of run ${run.id} is ${task?.state ?? "gone"}; nothing to cancel.`;
  }
  if (outcome === "cancelled") return `Cancelled task ${taskId} of run ${run.id}.`;
  const deadline = Date.now() + waitMs;
  while (
    Date.now() < deadline &&
    ["queued", "active"].includes(store.getTask(run.id, taskId)?.state ?? "")
  ) {
    await sleep(200);
  }
  const state = store.getTask(run.id, taskId)?.state;
  return state === "cancelled"
    ? `Cancelled task ${taskId} of run ${run.id}; the rest of the run goes on.`
    : `Asked run ${run.id} to cancel task ${taskId}; it is ${state}.`;
}
