import { countByState, formatDuration } from "../core/index.js";
import { fitColumn } from "./fit-column.js";
import { type RunView, resultLines } from "./status-view.js";
import { ICONS, LABELS, runElapsed } from "./task-view.js";

const ATTENTION_ROWS = 10;

/**
 * The end of a run in a few lines: tasks by state, where the result went (conflicts, branch,
 * files, checks, sync), and the tasks that need the user, at most ten; the done ones are a
 * count, so a 500-task run ends as briefly as a 5-task one.
 */
export function formatSummary(view: RunView, columns = 100): string {
  const { run, tasks } = view;
  const counts = countByState(tasks);
  const rule = "━".repeat(Math.min(columns, 72));
  const lines = [
    rule,
    `Run ${run.id} ${run.state} in ${formatDuration(runElapsed(run))}: "${run.objective}"`,
    `Sub-agents: ${counts.active} active, ${counts.completed} completed, ${counts.failed} failed, ${counts.queued} queued, ${counts.blocked} blocked${counts.cancelled ? `, ${counts.cancelled} cancelled` : ""}`,
    ...resultLines(view),
  ];
  const attention = tasks.filter(
    (t) => t.mergeState === "conflict" || t.state === "failed" || t.state === "blocked",
  );
  if (attention.length) {
    lines.push("Needs you:");
    const shown = attention.slice(0, ATTENTION_ROWS);
    const idWidth = Math.min(24, Math.max(...shown.map((t) => t.id.length)));
    for (const task of shown) {
      const conflict = task.mergeState === "conflict";
      const why = conflict
        ? `conflicts in ${task.conflictPaths.join(", ")}`
        : (task.error?.split("\n")[0] ?? "");
      lines.push(
        `  ${conflict ? ICONS.conflict : ICONS[task.state]}  ${fitColumn(task.id, idWidth)}  ${fitColumn(conflict ? "CONFLICT" : LABELS[task.state], 9)}  ${why}`.slice(
          0,
          columns,
        ),
      );
    }
    if (attention.length > ATTENTION_ROWS)
      lines.push(
        `  … and ${attention.length - ATTENTION_ROWS} more: \`armada status ${run.id} --all\` lists every task`,
      );
  }
  lines.push(rule);
  return `${lines.join("\n")}\n`;
}
