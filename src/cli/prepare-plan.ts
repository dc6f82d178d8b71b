import { type Plan, UsageError } from "../core/index.js";
import { headCommit, listFiles, type Repo, type Snapshot, snapshot } from "../git/index.js";
import { lintPlan, loadPlanFile, planEach } from "../plan/index.js";
import { RECIPES, type Recipe, recipeForObjective } from "../recipes/index.js";

export const PLANNERS = ["recipe", "each", "plan", "llm"] as const;
export type PlannerName = (typeof PLANNERS)[number];

export interface PlanningFlags {
  each?: string[] | undefined;
  /** Files per task; undefined when the user gave no --batch, so each planner picks. */
  batch?: number | undefined;
  plan?: string | undefined;
  check: string[];
  planner?: PlannerName | undefined;
}

export interface PreparedPlan {
  plan: Plan;
  base: Snapshot;
  warnings: string[];
  /** Which planner made the plan, in words, for the printed plan. */
  planner: string;
}

const EACH_BATCH = 1;

function recipeList(): string {
  return RECIPES.map((r) => `${r.name} ("${r.example}")`).join(", ");
}

/** The planner the flags name, or the one the objective calls for. */
function choosePlanner(
  objective: string | undefined,
  flags: PlanningFlags,
):
  | { planner: "plan"; file: string }
  | { planner: "each"; globs: string[] }
  | { planner: "recipe"; recipe: Recipe } {
  if (flags.plan && flags.each?.length) {
    throw new UsageError("--plan and --each both make a plan; give one of them.");
  }
  const wanted =
    flags.planner ??
    (flags.plan
      ? "plan"
      : flags.each?.length
        ? "each"
        : objective && recipeForObjective(objective)
          ? "recipe"
          : undefined);
  switch (wanted) {
    case "plan":
      if (!flags.plan)
        throw new UsageError("--planner plan runs a plan file: give it with --plan <file.yaml>.");
      return { planner: "plan", file: flags.plan };
    case "each":
      if (!flags.each?.length)
        throw new UsageError(
          '--planner each makes one task per file: give the files with --each "<glob>".',
        );
      return { planner: "each", globs: flags.each };
    case "recipe": {
      if (flags.plan || flags.each?.length)
        throw new UsageError("--planner recipe makes its own plan: leave out --plan and --each.");
      const recipe =
        (objective && recipeForObjective(objective)) ??
        (RECIPES.length === 1 ? RECIPES[0] : undefined);
      if (!recipe)
        throw new UsageError(
          `No built-in recipe answers "${objective}". The recipes: ${recipeList()}.`,
        );
      return { planner: "recipe", recipe };
    }
    case "llm":
      throw new UsageError(
        '--planner llm needs a model, and this build of armada has no model planner yet. Use a built-in recipe, --each "<glob>", or --plan <file.yaml>.',
      );
    default:
      throw new UsageError(
        `No planner for "${objective}". Armada plans without a model when the objective is one of its built-in recipes: ${recipeList()}. Otherwise it needs a plan: --each "<glob>" makes one task per matching file (with --batch <n> files per task), or --plan <file.yaml> runs a plan you wrote (\`armada plan ... --out plan.yaml\` writes one to edit).`,
      );
  }
}

/** Snapshot the repository, make the plan with the planner the flags name, and lint it. */
export async function preparePlan(
  repo: Repo,
  objective: string | undefined,
  flags: PlanningFlags,
  label: string,
): Promise<PreparedPlan> {
  if (!flags.plan && !objective) {
    throw new UsageError(
      'Say what to do: `armada run "<objective>" --each "<glob>"`, or give a plan file with --plan <file.yaml>.',
    );
  }
  const chosen = choosePlanner(objective, flags);
  const head = await headCommit(repo);
  const base = await snapshot(
    repo,
    head,
    `armada: base of ${label} (HEAD plus uncommitted changes)`,
  );
  const files = await listFiles(repo.root, base.commit);
  let plan: Plan;
  let source = "the plan";
  let planner: string;
  const recipeWarnings: string[] = [];
  if (chosen.planner === "plan") {
    plan = await loadPlanFile(chosen.file);
    source = chosen.file;
    planner = `plan file ${chosen.file}`;
    if (objective) plan = { ...plan, objective };
  } else if (chosen.planner === "each") {
    plan = planEach(objective ?? "", chosen.globs, flags.batch ?? EACH_BATCH, files);
    planner = `one task per file of --each ${chosen.globs.join(" ")}`;
  } else {
    const { recipe } = chosen;
    const made = recipe.plan(objective ?? "", files, flags.batch ?? recipe.defaultBatch);
    plan = made.plan;
    recipeWarnings.push(...made.warnings);
    planner = `built-in recipe ${recipe.name} (${recipe.summary})`;
  }
  plan = { ...plan, checks: [...plan.checks, ...flags.check] };
  const { warnings } = lintPlan(plan, files, source);
  return { plan, base, warnings: [...recipeWarnings, ...warnings], planner };
}
