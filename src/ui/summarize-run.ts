import type { TaskState } from "../core/index.js";
import type { RunModel } from "./run-model.js";

export interface RunSummary {
  total: number;
  counts: Record<TaskState, number>;
  /** Results waiting for a redo, a resolver or the user. */
  conflicts: number;
}

export function summarizeRun(model: RunModel): RunSummary {
  const counts: Record<TaskState, number> = {
    queued: 0,
    active: 0,
    completed: 0,
    failed: 0,
    blocked: 0,
    cancelled: 0,
  };
  let conflicts = 0;
  for (const task of model.tasks.values()) {
    counts[task.state]++;
    if (task.mergeState === "conflict") conflicts++;
  }
  return { total: model.tasks.size, counts, conflicts };
}
