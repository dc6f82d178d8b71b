import type { Command } from "commander";
import { openContext, resolveRun } from "./context.js";
import { formatStatus, loadView, statusJson } from "./status-view.js";
import { watchStatus } from "./watch-status.js";

export function registerStatus(program: Command): void {
  program
    .command("status")
    .description("the state of a run: counts and a row per sub-agent (default: the latest run)")
    .argument("[run]", "run id or a unique prefix")
    .option("--json", "print JSON")
    .option("--all", "a row for every task, however many (a large run lists those worth a look)")
    .option(
      "-w, --watch",
      "follow the run until it ends: the live dashboard on a terminal (q detaches, the run goes on), else a line per state change",
    )
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(
      async (
        runArg: string | undefined,
        flags: { json?: boolean; all?: boolean; watch?: boolean; repo?: string },
      ) => {
        const ctx = await openContext(flags.repo);
        const run = resolveRun(ctx.store, runArg);
        if (flags.watch) {
          process.exitCode = await watchStatus(ctx, run, Boolean(flags.json));
          return;
        }
        const view = loadView(ctx.store, run);
        process.stdout.write(
          flags.json
            ? `${JSON.stringify(statusJson(view), null, 2)}\n`
            : formatStatus(view, process.stdout.columns ?? 100, Boolean(flags.all)),
        );
      },
    );
}
