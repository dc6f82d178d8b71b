import type { Command } from "commander";
import { openContext, resolveRun } from "./context.js";
import { formatStatus, loadView, statusJson } from "./status-view.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("the state of a run: counts and a row per sub-agent (default: the latest run)")
    .argument("[run]", "run id or a unique prefix")
    .option("--json", "print JSON")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (runArg: string | undefined, flags: { json?: boolean; repo?: string }) => {
      const ctx = await openContext(flags.repo);
      const view = loadView(ctx.store, resolveRun(ctx.store, runArg));
      process.stdout.write(
        flags.json
          ? `${JSON.stringify(statusJson(view), null, 2)}\n`
          : formatStatus(view, process.stdout.columns ?? 100),
      );
    });
}
