import { loadConfig } from "../config/index.js";
import { formatUsd, NoModelConfiguredError, type Plan, type Usage } from "../core/index.js";
import { createModelHub } from "../models/index.js";
import { planWithModel } from "../plan/index.js";
import { type ModelFlags, plannerModel } from "./model-options.js";

export interface LlmPlanningFlags extends ModelFlags {
  maxTasks?: number | undefined;
}

/** Whether a model is configured for the master planner, by flag or configuration file. */
export async function hasPlannerModel(root: string, flags: ModelFlags): Promise<boolean> {
  return plannerModel(flags, (await loadConfig(root)).config) !== undefined;
}

/** The master planner at the terminal: its progress on stderr, its spending returned. */
export async function planWithLlm(
  view: { root: string; commit: string; files: string[] },
  objective: string,
  flags: LlmPlanningFlags,
): Promise<{ plan: Plan; usage: Usage }> {
  const { config } = await loadConfig(view.root);
  const name = plannerModel(flags, config);
  if (!name) throw new NoModelConfiguredError("planner");
  const models = createModelHub({ config, baseUrl: flags.baseUrl ?? config.baseUrl });
  const model = models.resolve(name, { flag: flags.plannerModel ? "--planner-model" : "--model" });
  process.stderr.write(`armada: planning with ${model.label}...\n`);
  const started = performance.now();
  const made = await planWithModel(objective, view, {
    model,
    maxTasks: flags.maxTasks ?? config.maxTasks,
    retries: config.planRetries,
    maxSteps: config.plannerSteps,
    log: (line) => process.stderr.write(`armada: planner: ${line}\n`),
  });
  const cost = made.usage.costUsd === undefined ? "cost unknown" : formatUsd(made.usage.costUsd);
  process.stderr.write(
    `armada: planned in ${((performance.now() - started) / 1000).toFixed(1)}s, ${made.steps} model calls, ${made.usage.inputTokens.toLocaleString("en-US")} tokens in, ${made.usage.outputTokens.toLocaleString("en-US")} out, ${cost}\n`,
  );
  return { plan: made.plan, usage: made.usage };
}
