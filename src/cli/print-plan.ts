import type { Plan, SetupPlan } from "../core/index.js";
import { fitColumn } from "./fit-column.js";

function _fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

/** A plan longer than this shows its first rows and counts the rest: 10,000 lines help no one. */
const MAX_ROWS = 60;
const SHOWN_OF_MANY = 20;

/** How many tasks have their first file in each top folder, the largest first. */
function byFolder(tasks: Plan["tasks"]): string {
  const counts = new Map<string, number>();
  for (const task of tasks) {
    const first = task.files[0] ?? "";
    const folder = first.includes("/") ? `${first.split("/")[0]}/` : "(top)";
    counts.set(folder, (counts.get(folder) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const named = sorted.slice(0, 6).map(([folder, n]) => `${folder} ${n}`);
  if (sorted.length > 6) named.push(`${sorted.length - 6} other folders`);
  return named.join(", ");
}

/** The plan as a table for a person to confirm. */
export function formatPlan(
  plan: Plan,
  warnings: string[],
  planner?: string,
  setup?: SetupPlan,
  columns = process.stdout.columns ?? 100,
): string {
  const idWidth = Math.min(28, Math.max(4, ...plan.tasks.map((t) => t.id.length)));
  const titleWidth = Math.max(20, Math.min(70, columns - idWidth - 30));
  const lines = [
    `Objective: ${plan.objective}`,
    ...(planner ? [`Planner: ${planner}`] : []),
    `Sub-tasks: ${plan.tasks.length}${plan.checks.length ? `, run checks: ${plan.checks.join(" && ")}` : ""}`,
    ...(setup
      ? [
          `Setup: ${setup.commands.join(" && ")} (${setup.from}; once per run, cached by what it reads${setup.network ? ", with the network" : ", without the network"})`,
        ]
      : []),
    "",
    `  #  ${fitColumn("id", idWidth)}  ${fitColumn("title", titleWidth)}  files  deps`,
  ];
  const shown = plan.tasks.length > MAX_ROWS ? plan.tasks.slice(0, SHOWN_OF_MANY) : plan.tasks;
  shown.forEach((t, i) => {
    lines.push(
      `${String(i + 1).padStart(3)}  ${fitColumn(t.id, idWidth)}  ${fitColumn(t.title, titleWidth)}  ${String(t.files.length).padStart(5)}  ${t.deps.join(", ") || "-"}`,
    );
  });
  if (shown.length < plan.tasks.length) {
    const rest = plan.tasks.slice(shown.length);
    lines.push(
      `  … ${rest.length} more tasks, by folder: ${byFolder(rest)}`,
      `  (\`armada plan <objective> ... --out plan.yaml\` writes every task to read or edit; \`armada status --json\` lists them during the run)`,
    );
  }
  if (warnings.length) {
    lines.push("", `Warnings (${warnings.length}):`, ...warnings.map((w) => `  ! ${w}`));
  }
  return `${lines.join("\n")}\n`;
}
