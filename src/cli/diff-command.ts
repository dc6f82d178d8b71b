import { spawn } from "node:child_process";
import type { Command } from "commander";
import { ArmadaError } from "../core/index.js";
import { openContext, resolveRunAndTask } from "./context.js";

export function registerDiff(program: Command): void {
  program
    .command("diff")
    .description("the assembled change of a run, or one task's result")
    .argument("[run]", "run id (default: the latest run)")
    .argument("[task]", "task id")
    .option("--stat", "only a summary of changed files")
    .option("--attempt <n>", "one attempt's change (best-of-N keeps only one as the result)")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        flags: { stat?: boolean; attempt?: string; repo?: string },
      ) => {
        const ctx = await openContext(flags.repo);
        const { run, task } = resolveRunAndTask(ctx.store, first, second);
        let from = run.baseCommit;
        let to = run.integrationCommit;
        if (task && flags.attempt !== undefined) {
          const attempt = ctx.store
            .listAttempts(run.id, task.id)
            .find((a) => String(a.n) === flags.attempt);
          if (!attempt?.commit) {
            throw new ArmadaError(
              "no-result",
              `Task ${task.id} of run ${run.id} has no change from attempt ${flags.attempt}. Its attempts: ${
                ctx.store
                  .listAttempts(run.id, task.id)
                  .map((a) => `${a.n} (${a.state}${a.commit ? "" : ", no change"})`)
                  .join(", ") || "none"
              }.`,
            );
          }
          from = attempt.startCommit;
          to = attempt.commit;
        } else if (task) {
          const result = ctx.store.getResult(run.id, task.id);
          if (!result) {
            throw new ArmadaError(
              "no-result",
              `Task ${task.id} of run ${run.id} has no result (it is ${task.state}). \`armada logs ${run.id} ${task.id}\` shows what happened.`,
            );
          }
          from = result.startCommit;
          to = result.commit;
        }
        const args = ["diff", "-M", ...(flags.stat ? ["--stat"] : []), from, to];
        const code = await new Promise<number>((resolve) => {
          spawn("git", args, { cwd: ctx.repo.root, stdio: "inherit" }).on("close", (c) =>
            resolve(c ?? 1),
          );
        });
        process.exitCode = code;
      },
    );
}
