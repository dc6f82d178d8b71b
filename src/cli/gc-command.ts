import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { FINISHED_RUN_STATES, formatDuration, masterAlive, parseDuration } from "../core/index.js";
import { deleteRefsUnder, git, runGit } from "../git/index.js";
import { worktreeHome } from "../sandbox/index.js";
import { removeSetupLayers } from "../setup/index.js";
import { openContext } from "./context.js";

async function sizeOf(target: string): Promise<number> {
  const info = await stat(target).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(target)) total += await sizeOf(path.join(target, entry));
  return total;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

interface GcFlags {
  olderThan: string;
  dryRun?: boolean;
  prune?: boolean;
  repo?: string;
}

export function registerGc(program: Command): void {
  program
    .command("gc")
    .description(
      "remove ended runs older than an age: their refs, branch, sandboxes, logs and records",
    )
    .option(
      "--older-than <age>",
      "age of the runs to remove, e.g. 7d, 12h, 0s for all ended runs",
      "7d",
    )
    .option("--dry-run", "only say what would be removed")
    .option("--prune", "also run `git gc --prune=now` to free the objects only those runs used")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (flags: GcFlags) => {
      const ctx = await openContext(flags.repo);
      const age = parseDuration(flags.olderThan, "--older-than");
      const cutoff = Date.now() - age;
      const current = await git(["branch", "--show-current"], { cwd: ctx.repo.root }).catch(
        () => "",
      );
      const runs = ctx.store
        .listRuns()
        .filter(
          (r) =>
            r.createdAt <= cutoff &&
            (FINISHED_RUN_STATES.includes(r.state) ||
              (r.state === "interrupted" && !masterAlive(r))),
        );
      // Setup layers no run used for as long, except those of runs still going.
      const live = ctx.store
        .listRuns()
        .filter((r) => !FINISHED_RUN_STATES.includes(r.state))
        .flatMap((r) => r.setup?.key ?? []);
      const layers = await removeSetupLayers(ctx.repo.gitDir, {
        unusedForMs: age,
        keep: live,
        dryRun: flags.dryRun,
      });
      if (layers.length > 0) {
        process.stdout.write(
          `${flags.dryRun ? "Would remove" : "Removed"} ${layers.length} setup layer(s) unused for ${formatDuration(age)}: ${layers.map((l) => l.commands.join(" && ")).join("; ")}.\n`,
        );
      }
      if (runs.length === 0) {
        process.stdout.write(
          `No ended runs older than ${formatDuration(age)}; nothing to remove.\n`,
        );
        return;
      }
      let freed = 0;
      let refs = 0;
      const kept: string[] = [];
      for (const run of runs) {
        const dirs = [ctx.runDir(run.id), path.join(worktreeHome(ctx.repo.gitDir), run.id)];
        for (const dir of dirs) freed += await sizeOf(dir);
        if (flags.dryRun) continue;
        for (const dir of dirs) await rm(dir, { recursive: true, force: true });
        refs += await deleteRefsUnder(ctx.repo.root, `refs/armada/${run.id}/`);
        refs += await deleteRefsUnder(ctx.repo.root, `refs/armada-attempts/${run.id}/`);
        if (current === `armada/${run.id}`) kept.push(`armada/${run.id}`);
        else refs += await deleteRefsUnder(ctx.repo.root, `refs/heads/armada/${run.id}`);
        ctx.store.deleteRun(run.id);
      }
      const verb = flags.dryRun ? "Would remove" : "Removed";
      process.stdout.write(
        `${verb} ${runs.length} run(s) (${runs.map((r) => r.id).join(", ")}): ${formatBytes(freed)} of logs and sandboxes${flags.dryRun ? "" : `, ${refs} ref(s)`}.\n`,
      );
      if (kept.length) process.stdout.write(`Kept ${kept.join(", ")}: it is checked out.\n`);
      if (flags.dryRun) return;
      if (flags.prune) {
        const objects = path.join(ctx.repo.gitDir, "objects");
        const before = await sizeOf(objects);
        await runGit(["gc", "--prune=now", "--quiet"], { cwd: ctx.repo.root });
        process.stdout.write(
          `git gc freed ${formatBytes(Math.max(0, before - (await sizeOf(objects))))} of objects.\n`,
        );
      } else {
        process.stdout.write(
          "Their commits are now unreachable; `git gc` reclaims that space (or run armada gc --prune).\n",
        );
      }
    });
}
