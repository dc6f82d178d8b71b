import { countByState, type TaskState } from "../core/index.js";
import type { RunModel } from "./run-model.js";

export interface RunSummary {
  total: number;
  counts: Record<TaskState, number>;
  /** Results waiting for a redo, a resolver or the user. */
  conflicts: number;
}

export function summarizeRun(model: RunModel): RunSummary {
  let conflicts = 0;
  for (const task of model.tasks.values()) if (task.mergeState === "conflict") conflicts++;
  return { total: model.tasks.size, counts: countByState(model.tasks.values()), conflicts };
}
