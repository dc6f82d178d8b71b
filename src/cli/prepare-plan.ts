import { type Plan, type Usage, UsageError } from "../core/index.js";
import { headCommit, listFiles, type Repo, type Snapshot, snapshot } from "../git/index.js";
import { lintPlan, loadPlanFile, planEach } from "../plan/index.js";
import { oneOf } from "./parse-options.js";
import { hasPlannerModel, type LlmPlanningFlags, planWithLlm } from "./plan-with-llm.js";

export const PLANNERS = ["llm", "recipe", "each", "plan"] as const;

export interface PlanningFlags extends LlmPlanningFlags {
  each?: string[] | undefined;
  batch: number;
  plan?: string | undefined;
  check: string[];
  planner?: string | undefined;
}

export interface PreparedPlan {
  plan: Plan;
  base: Snapshot;
  warnings: string[];
  /** What the master planner's model calls cost. */
  usage?: Usage | undefined;
}

/** Snapshot the repository, make the plan with the planner the flags name, and lint it. */
export async function preparePlan(
  repo: Repo,
  objective: string | undefined,
  flags: PlanningFlags,
  label: string,
): Promise<PreparedPlan> {
  if (flags.plan && flags.each?.length) {
    throw new UsageError("--plan and --each both make a plan; give one of them.");
  }
  if (!flags.plan && !objective) {
    throw new UsageError(
      'Say what to do: `armada run "<objective>" --each "<glob>"`, or give a plan file with --plan <file.yaml>.',
    );
  }
  const head = await headCommit(repo);
  const base = await snapshot(
    repo,
    head,
    `armada: base of ${label} (HEAD plus uncommitted changes)`,
  );
  const files = await listFiles(repo.root, base.commit);
  let plan: Plan;
  let source = "the plan";
  let usage: Usage | undefined;
  const planner = flags.planner
    ? oneOf(flags.planner, PLANNERS, "--planner")
    : flags.plan
      ? "plan"
      : flags.each?.length
        ? "each"
        : (await hasPlannerModel(repo.root, flags))
          ? "llm"
          : undefined;
  if (planner === "plan" && flags.plan) {
    plan = await loadPlanFile(flags.plan);
    source = flags.plan;
    if (objective) plan = { ...plan, objective };
  } else if (planner === "each" && flags.each?.length) {
    plan = planEach(objective ?? "", flags.each, flags.batch, files);
  } else if (planner === "llm" && objective) {
    ({ plan, usage } = await planWithLlm(
      { root: repo.root, commit: base.commit, files },
      objective,
      flags,
    ));
  } else if (planner === "recipe") {
    throw new UsageError(
      "The recipe planner is not part of this build of armada; use --planner llm, --each or --plan.",
    );
  } else {
    throw new UsageError(
      `No planner for "${objective ?? ""}"${planner ? ` (--planner ${planner} needs ${planner === "each" ? "--each <glob>" : planner === "plan" ? "--plan <file.yaml>" : "an objective"})` : ""}. Armada needs a plan: name a model (--model <provider>:<model>, or "model" in armada.config.json) and the master planner makes one; --each "<glob>" makes one task per matching file (with --batch <n> files per task); or --plan <file.yaml> runs a plan you wrote (\`armada plan ... --out plan.yaml\` writes one to edit).`,
    );
  }
  plan = { ...plan, checks: [...plan.checks, ...flags.check] };
  const { warnings } = lintPlan(plan, files, source, { maxTasks: flags.maxTasks });
  return { plan, base, warnings, usage };
}
