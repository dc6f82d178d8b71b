import type { Command } from "commander";
import { syncWorkingTree } from "../assemble/index.js";
import { ArmadaError, masterAlive, SyncRefusedError } from "../core/index.js";
import { openContext, resolveRun } from "./context.js";

export function registerApply(program: Command): void {
  program
    .command("apply")
    .description("apply a run's assembled change to your working tree (never over your own edits)")
    .argument("[run]", "run id (default: the latest run)")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (runArg: string | undefined, flags: { repo?: string }) => {
      const ctx = await openContext(flags.repo);
      const run = resolveRun(ctx.store, runArg);
      if (masterAlive(run)) {
        throw new ArmadaError(
          "run-alive",
          `Run ${run.id} is still running; it applies its result itself when it ends (unless --no-apply). Wait for it, or \`armada cancel ${run.id}\` first.`,
        );
      }
      if (run.applyState === "applied") {
        process.stdout.write(`Run ${run.id} was already applied to your working tree.\n`);
        return;
      }
      const report = await syncWorkingTree(ctx.repo, run.baseCommit, run.integrationCommit);
      if (report.state === "refused") {
        ctx.store.updateRun(
          run.id,
          { applyState: "refused" },
          { type: "sync.refused", data: { ...report } },
        );
        throw new SyncRefusedError(run.id, report.paths, report.reason);
      }
      ctx.store.updateRun(
        run.id,
        { applyState: report.state },
        { type: `sync.${report.state}`, data: { ...report } },
      );
      if (report.state === "nothing")
        process.stdout.write(`Run ${run.id} changed nothing; nothing to apply.\n`);
      else {
        process.stdout.write(
          `Applied run ${run.id} to your working tree: ${report.paths.length} path(s) changed, not staged. Review with \`git diff\`.\n`,
        );
        if (run.checksState === "failed")
          process.stdout.write("Note: this run's checks failed; see `armada status`.\n");
      }
    });
}
