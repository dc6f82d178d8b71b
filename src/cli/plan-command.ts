import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { planToYaml } from "../plan/index.js";
import { openContext } from "./context.js";
import { preparePlan } from "./prepare-plan.js";
import { formatPlan } from "./print-plan.js";
import { type PlanningCliFlags, planningFlags, planningOptions } from "./run-command.js";

interface PlanFlags extends PlanningCliFlags {
  repo?: string;
  out?: string;
  json?: boolean;
}

export function registerPlan(program: Command): void {
  planningOptions(
    program
      .command("plan")
      .description(
        "show the plan for an objective without running it (--out writes it as YAML to edit)",
      )
      .argument("[objective]", "what to do, in words"),
  )
    .option("--out <file.yaml>", "write the plan as a plan file")
    .option("--json", "print the plan as JSON")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (objective: string | undefined, flags: PlanFlags) => {
      const ctx = await openContext(flags.repo);
      const { plan, warnings, usage, planner } = await preparePlan(
        ctx.repo,
        objective,
        planningFlags(flags),
        "a plan",
      );
      if (flags.json)
        process.stdout.write(
          `${JSON.stringify({ plan, warnings, planner, usage: usage ?? null }, null, 2)}\n`,
        );
      else process.stdout.write(formatPlan(plan, warnings, planner));
      if (flags.out) {
        await writeFile(flags.out, planToYaml(plan));
        if (!flags.json)
          process.stdout.write(
            `\nWrote ${flags.out}: edit it, then \`armada run --plan ${flags.out}\`.\n`,
          );
      }
    });
}
