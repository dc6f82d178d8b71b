import type { Command } from "commander";
import { countByState, formatDuration } from "../core/index.js";
import { openContext } from "./context.js";
import { runElapsed } from "./task-view.js";

export function registerList(program: Command): void {
  program
    .command("list")
    .description("the runs of this repository, newest first")
    .option("--json", "print JSON")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (flags: { json?: boolean; repo?: string }) => {
      const ctx = await openContext(flags.repo);
      const rows = ctx.store
        .listRuns()
        .map((run) => ({ run, counts: countByState(ctx.store.listTasks(run.id)) }));
      if (flags.json) {
        const out = rows.map(({ run, counts }) => ({
          id: run.id,
          objective: run.objective,
          state: run.state,
          counts,
          createdAt: new Date(run.createdAt).toISOString(),
          elapsedMs: runElapsed(run),
        }));
        process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
        return;
      }
      if (rows.length === 0) {
        process.stdout.write(
          'No runs in this repository yet. Start one: armada run "<objective>" --each "<glob>" --agent-cmd "<command>"\n',
        );
        return;
      }
      process.stdout.write(
        `${"run".padEnd(8)}  ${"state".padEnd(11)}  ${"done".padStart(9)}  ${"started".padEnd(19)}  ${"took".padStart(7)}  objective\n`,
      );
      for (const { run, counts } of rows) {
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const started = new Date(run.createdAt).toISOString().slice(0, 19).replace("T", " ");
        process.stdout.write(
          `${run.id.padEnd(8)}  ${run.state.padEnd(11)}  ${`${counts.completed}/${total}`.padStart(9)}  ${started}  ${formatDuration(runElapsed(run)).padStart(7)}  ${run.objective.replace(/\s+/g, " ").slice(0, 60)}\n`,
        );
      }
    });
}
