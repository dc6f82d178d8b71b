import type { Command } from "commander";
import { syncWorkingTree } from "../assemble/index.js";
import { ArmadaError, masterAlive, type RunRecord, SyncRefusedError } from "../core/index.js";
import { runGit } from "../git/index.js";
import { type Context, openContext, resolveRun } from "./context.js";
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
      if (flags.branch) {
        refuseLiveRun(run);
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
      const lines = await applyRun(ctx, run, {
        merge: Boolean(flags.merge),
        allowMarkers: flags.allowMarkers,
      });
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}

function refuseLiveRun(run: RunRecord): void {
  if (!masterAlive(run)) return;
  throw new ArmadaError(
    "run-alive",
    `Run ${run.id} is still running; it applies its result itself when it ends (unless --no-apply). Wait for it, or \`armada cancel ${run.id}\` first.`,
  );
}

/**
 * Applies a run's assembled change to the working tree, never over the user's own edits
 * unless `merge`; says what it did, a line per fact. A refusal throws, with the paths.
 */
export async function applyRun(
  ctx: Context,
  run: RunRecord,
  flags: { merge: boolean; allowMarkers: string[] },
): Promise<string[]> {
  refuseLiveRun(run);
  if (run.applyState === "applied")
    return [`Run ${run.id} was already applied to your working tree.`];
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
  if (report.state === "nothing") return [`Run ${run.id} changed nothing; nothing to apply.`];
  const lines = [
    `Applied run ${run.id} to your working tree: ${report.paths.length} path(s) changed, not staged. Review with \`git diff\`.`,
  ];
  if (report.markers.length) {
    lines.push(
      `Conflict markers were written into: ${report.markers.join(", ")}. Resolve them before committing.`,
    );
  }
  if (run.checksState === "failed")
    lines.push("Note: this run's checks failed; see `armada status`.");
  return lines;
}
