import { PlanError } from "../core/errors.js";
import type { Plan } from "../core/plan.js";
import { scopeIndex } from "./scope.js";

export interface PlanLint {
  warnings: string[];
}

function findCycle(plan: Plan): string[] | undefined {
  const deps = new Map(plan.tasks.map((t) => [t.id, t.deps]));
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === "done") return undefined;
    if (state.get(id) === "visiting") return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, "visiting");
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, "done");
    return undefined;
  };
  for (const task of plan.tasks) {
    const cycle = visit(task.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Ids of every task that `id` depends on, directly or not. */
function ancestors(plan: Plan, id: string): Set<string> {
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const walk = (taskId: string): void => {
    for (const dep of byId.get(taskId)?.deps ?? []) {
      if (!seen.has(dep)) {
        seen.add(dep);
        walk(dep);
      }
    }
  };
  walk(id);
  return seen;
}

/**
 * Checks a plan against the repository's files. Errors (duplicate ids, missing dependencies,
 * cycles) stop the run; warnings (scopes matching nothing, unordered overlaps) are shown.
 */
export function lintPlan(
  plan: Plan,
  files: string[],
  source = "the plan",
  limits: { maxTasks?: number | undefined } = {},
): PlanLint {
  if (limits.maxTasks !== undefined && plan.tasks.length > limits.maxTasks) {
    throw new PlanError(
      `it has ${plan.tasks.length} tasks, more than the limit of ${limits.maxTasks} (--max-tasks). Merge related tasks, or raise the limit.`,
      { file: source, field: "tasks" },
    );
  }
  const ids = new Set<string>();
  for (const task of plan.tasks) {
    if (ids.has(task.id))
      throw new PlanError(`two tasks have the id "${task.id}"; ids must be unique.`, {
        file: source,
        field: "tasks.id",
      });
    ids.add(task.id);
  }
  for (const task of plan.tasks) {
    for (const dep of task.deps) {
      if (!ids.has(dep)) {
        throw new PlanError(
          `task "${task.id}" depends on "${dep}", which is not a task of this plan.`,
          { file: source, field: `tasks.${task.id}.deps` },
        );
      }
      if (dep === task.id) {
        throw new PlanError(`task "${task.id}" depends on itself.`, {
          file: source,
          field: `tasks.${task.id}.deps`,
        });
      }
    }
  }
  const cycle = findCycle(plan);
  if (cycle) {
    throw new PlanError(
      `the dependencies form a cycle: ${cycle.join(" -> ")}. Remove one of these dependencies.`,
      { file: source },
    );
  }
  const warnings: string[] = [];
  const owners = new Map<string, string[]>();
  const index = scopeIndex(files);
  for (const task of plan.tasks) {
    if (task.files.length === 0) {
      warnings.push(`task "${task.id}" names no files: any change it makes is outside its scope.`);
      continue;
    }
    const owned = index.match(task.files);
    if (owned.length === 0)
      warnings.push(
        `task "${task.id}": its files (${task.files.join(", ")}) match no file of the base; it can only create new ones.`,
      );
    for (const file of owned) owners.set(file, [...(owners.get(file) ?? []), task.id]);
  }
  const reported = new Set<string>();
  for (const [file, taskIds] of owners) {
    for (let i = 0; i < taskIds.length; i++) {
      for (let j = i + 1; j < taskIds.length; j++) {
        const a = taskIds[i] ?? "";
        const b = taskIds[j] ?? "";
        const key = `${a}\0${b}`;
        if (reported.has(key) || ancestors(plan, a).has(b) || ancestors(plan, b).has(a)) continue;
        reported.add(key);
        warnings.push(
          `tasks "${a}" and "${b}" both own ${file} (and maybe more) without a dependency between them: their changes may conflict.`,
        );
      }
    }
  }
  return { warnings };
}
