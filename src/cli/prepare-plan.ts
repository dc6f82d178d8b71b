import { type Plan, type Usage, UsageError } from "../core/index.js";
import { headCommit, listFiles, type Repo, type Snapshot, snapshot } from "../git/index.js";
import { lintPlan, loadPlanFile, planEach } from "../plan/index.js";
import { RECIPES, type Recipe, recipeForObjective } from "../recipes/index.js";
import { proposeSetup } from "../setup/index.js";
import { oneOf } from "./parse-options.js";
import { hasPlannerModel, type LlmPlanningFlags, planWithLlm } from "./plan-with-llm.js";

export const PLANNERS = ["llm", "recipe", "each", "plan"] as const;

export interface PlanningFlags extends LlmPlanningFlags {
  each?: string[] | undefined;
  /** Files per task; undefined when the user gave no --batch, so each planner picks. */
  batch?: number | undefined;
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
  /** Which planner made the plan, in words, for the printed plan. */
  planner: string;
  /** The setup the repository's lockfiles call for, when the plan names none. */
  proposedSetup?: string[] | undefined;
}

const EACH_BATCH = 1;

function recipeList(): string {
  return RECIPES.map((r) => `${r.name} ("${r.example}")`).join(", ");
}

/**
 * The planner --planner names, else the one the other flags or the objective call for: a
 * built-in recipe answers its objectives without a model, even when one is configured.
 */
async function choosePlanner(
  root: string,
  objective: string | undefined,
  flags: PlanningFlags,
): Promise<(typeof PLANNERS)[number] | undefined> {
  if (flags.planner) return oneOf(flags.planner, PLANNERS, "--planner");
  if (flags.plan) return "plan";
  if (flags.each?.length) return "each";
  if (objective && recipeForObjective(objective)) return "recipe";
  return (await hasPlannerModel(root, flags)) ? "llm" : undefined;
}

/** The recipe for the objective; --planner recipe takes the only one there is whatever the wording. */
function chooseRecipe(objective: string | undefined): Recipe {
  const recipe =
    (objective && recipeForObjective(objective)) || (RECIPES.length === 1 ? RECIPES[0] : undefined);
  if (!recipe) {
    throw new UsageError(
      `No built-in recipe answers "${objective ?? ""}". The recipes: ${recipeList()}.`,
    );
  }
  return recipe;
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
  const chosen = await choosePlanner(repo.root, objective, flags);
  const recipe = chosen === "recipe" ? chooseRecipe(objective) : undefined;
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
  let planner: string;
  const recipeWarnings: string[] = [];
  if (chosen === "plan" && flags.plan) {
    plan = await loadPlanFile(flags.plan);
    source = flags.plan;
    planner = `plan file ${flags.plan}`;
    if (objective) plan = { ...plan, objective };
  } else if (chosen === "each" && flags.each?.length) {
    plan = planEach(objective ?? "", flags.each, flags.batch ?? EACH_BATCH, files);
    planner = `one task per file of --each ${flags.each.join(" ")}`;
  } else if (chosen === "llm" && objective) {
    ({ plan, usage } = await planWithLlm(
      { root: repo.root, commit: base.commit, files },
      objective,
      flags,
    ));
    planner = "the master planner (llm)";
  } else if (recipe && !flags.plan && !flags.each?.length) {
    const made = recipe.plan(objective ?? "", files, flags.batch ?? recipe.defaultBatch, {
      modelAgent: await hasPlannerModel(repo.root, flags),
    });
    plan = made.plan;
    recipeWarnings.push(...made.warnings);
    planner = `built-in recipe ${recipe.name} (${recipe.summary})`;
  } else {
    const needs =
      chosen === "each"
        ? "--each <glob>"
        : chosen === "plan"
          ? "--plan <file.yaml>"
          : chosen === "recipe"
            ? "no --plan or --each"
            : "an objective";
    throw new UsageError(
      `No planner for "${objective ?? ""}"${chosen ? ` (--planner ${chosen} needs ${needs})` : ""}. Armada needs a plan: name a model (--model <provider>:<model>, or "model" in armada.config.json) and the master planner makes one; --each "<glob>" makes one task per matching file (with --batch <n> files per task); or --plan <file.yaml> runs a plan you wrote (\`armada plan ... --out plan.yaml\` writes one to edit). Objectives of a built-in recipe are planned without a model: ${recipeList()}.`,
    );
  }
  plan = { ...plan, checks: [...plan.checks, ...flags.check] };
  const { warnings } = lintPlan(plan, files, source, { maxTasks: flags.maxTasks });
  return {
    plan,
    base,
    warnings: [...recipeWarnings, ...warnings],
    usage,
    planner,
    proposedSetup: proposeSetup(files),
  };
}
