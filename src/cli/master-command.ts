import type { Command } from "commander";
import { loadConfig } from "../config/index.js";
import { runCloud } from "./cloud-target.js";
import { engineDeps, openContext, resolveRun } from "./context.js";
import { driveRun } from "./drive-run.js";

/** The hidden entry point of a detached master (`run --detach`, `resume --detach`). */
export function registerMaster(program: Command): void {
  program
    .command("_master", { hidden: true })
    .argument("<run>")
    .option("--repo <dir>")
    .action(async (runArg: string, flags: { repo?: string }) => {
      const ctx = await openContext(flags.repo);
      const run = resolveRun(ctx.store, runArg);
      process.stdout.write(`${new Date().toISOString()} master ${process.pid} for run ${run.id}\n`);
      const { config } = await loadConfig(ctx.repo.root);
      const cloud = run.options.cloud
        ? runCloud(run.id, run.options.cloud, undefined, config)
        : undefined;
      const finished = await driveRun(await engineDeps(ctx, run.options, cloud), run.id, {
        json: false,
        print: false,
      });
      process.stdout.write(
        `${new Date().toISOString()} run ${run.id} ${finished.state}${finished.error ? `: ${finished.error}` : ""}\n`,
      );
    });
}
