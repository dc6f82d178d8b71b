import type { Command } from "commander";
import { syncWorkingTree } from "../assemble/index.js";
import { ArmadaError, masterAlive, SyncRefusedError } from "../core/index.js";
import { runGit } from "../git/index.js";
import { openContext, resolveRun } from "./context.js";
import { collect } from "./parse-options.js";

interface ApplyFlags {
  repo?: string;
  merge?: boolean;
  allowMarkers: string[];
  branch?: boolean;
}

export function registerApply(program: Command): void {
  program
    .command("apply")
    .description("apply a run's assembled change to your working tree (never over your own edits)")
    .argument("[run]", "run id (default: the latest run)")
    .option("--merge", "merge three-way with your edits instead of refusing the paths you changed")
    .option(
      "--allow-markers <glob>",
      "with --merge, files where conflict markers may be written (repeatable)",
      collect,
      [],
    )
    .option("--branch", "check out branch armada/<run> instead of applying to the current one")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (runArg: string | undefined, flags: ApplyFlags) => {
      const ctx = await openContext(flags.repo);
      const run = resolveRun(ctx.store, runArg);
      if (masterAlive(run)) {
        throw new ArmadaError(
          "run-alive",
          `Run ${run.id} is still running; it applies its result itself when it ends (unless --no-apply). Wait for it, or \`armada cancel ${run.id}\` first.`,
        );
      }
      if (flags.branch) {
        const switched = await runGit(["switch", `armada/${run.id}`], {
          cwd: ctx.repo.root,
          okCodes: [1, 128],
        });
        if (switched.code !== 0) {
          throw new ArmadaError(
            "switch-refused",
            `git refused to check out armada/${run.id}: ${switched.stderr.trim().split("\n")[0]}. Commit or stash your changes first; nothing was changed.`,
          );
        }
        process.stdout.write(`Checked out branch armada/${run.id}.\n`);
        return;
      }
      if (run.applyState === "applied") {
        process.stdout.write(`Run ${run.id} was already applied to your working tree.\n`);
        return;
      }
      const report = await syncWorkingTree(ctx.repo, {
        base: run.baseCommit,
        result: run.integrationCommit,
        head: run.headCommit,
        mode: flags.merge ? "merge" : "refuse",
        allowMarkers: flags.allowMarkers,
      });
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
      if (report.state === "nothing") {
        process.stdout.write(`Run ${run.id} changed nothing; nothing to apply.\n`);
        return;
      }
      process.stdout.write(
        `Applied run ${run.id} to your working tree: ${report.paths.length} path(s) changed, not staged. Review with \`git diff\`.\n`,
      );
      if (report.markers.length) {
        process.stdout.write(
          `Conflict markers were written into: ${report.markers.join(", ")}. Resolve them before committing.\n`,
        );
      }
      if (run.checksState === "failed")
        process.stdout.write("Note: this run's checks failed; see `armada status`.\n");
    });
}
