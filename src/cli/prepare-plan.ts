import { type Plan, UsageError } from "../core/index.js";
import { headCommit, listFiles, type Repo, type Snapshot, snapshot } from "../git/index.js";
import { lintPlan, loadPlanFile, planEach } from "../plan/index.js";

export interface PlanningFlags {
  each?: string[] | undefined;
  batch: number;
  plan?: string | undefined;
  check: string[];
}

export interface PreparedPlan {
  plan: Plan;
  base: Snapshot;
  warnings: string[];
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
  if (flags.plan) {
    plan = await loadPlanFile(flags.plan);
    source = flags.plan;
    if (objective) plan = { ...plan, objective };
  } else if (flags.each?.length) {
    plan = planEach(objective ?? "", flags.each, flags.batch, files);
  } else {
    throw new UsageError(
      `No planner for "${objective}". Armada needs a plan: --each "<glob>" makes one task per matching file (with --batch <n> files per task), or --plan <file.yaml> runs a plan you wrote (\`armada plan ... --out plan.yaml\` writes one to edit).`,
    );
  }
  plan = { ...plan, checks: [...plan.checks, ...flags.check] };
  const { warnings } = lintPlan(plan, files, source);
  return { plan, base, warnings };
}
