import type { Plan, SetupPlan } from "../core/index.js";
import { fitColumn } from "./fit-column.js";

function _fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
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
  plan.tasks.forEach((t, i) => {
    lines.push(
      `${String(i + 1).padStart(3)}  ${fitColumn(t.id, idWidth)}  ${fitColumn(t.title, titleWidth)}  ${String(t.files.length).padStart(5)}  ${t.deps.join(", ") || "-"}`,
    );
  });
  if (warnings.length) {
    lines.push("", `Warnings (${warnings.length}):`, ...warnings.map((w) => `  ! ${w}`));
  }
  return `${lines.join("\n")}\n`;
}
