import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { loadConfig } from "../config/index.js";
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
      const prepared = await preparePlan(ctx.repo, objective, planningFlags(flags), "a plan");
      const { warnings, usage, planner } = prepared;
      const { config } = await loadConfig(ctx.repo.root);
      // The setup a run would take, written into the plan file so that it can be edited there.
      const commands = prepared.plan.setup ?? config.setup ?? prepared.proposedSetup;
      const plan = commands?.length ? { ...prepared.plan, setup: commands } : prepared.plan;
      const from = prepared.plan.setup
        ? "the plan"
        : config.setup
          ? "the configuration"
          : "proposed from the lockfile; --no-setup skips it";
      const setup = commands?.length
        ? { commands, from, env: plan.setupEnv ?? [], network: true }
        : undefined;
      if (flags.json)
        process.stdout.write(
          `${JSON.stringify({ plan, warnings, planner, usage: usage ?? null }, null, 2)}\n`,
        );
      else process.stdout.write(formatPlan(plan, warnings, planner, setup));
      if (flags.out) {
        await writeFile(flags.out, planToYaml(plan));
        if (!flags.json)
          process.stdout.write(
            `\nWrote ${flags.out}: edit it, then \`armada run --plan ${flags.out}\`.\n`,
          );
      }
    });
}
