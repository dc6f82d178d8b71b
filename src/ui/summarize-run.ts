import { countByState, type TaskState } from "../core/index.js";
import type { RunModel } from "./run-model.js";

export interface RunSummary {
  total: number;
  counts: Record<TaskState, number>;
  /** Results waiting for a redo, a resolver or the user. */
  conflicts: number;
}

export function summarizeRun(model: RunModel): RunSummary {
  const tasks = [...model.tasks.values()];
  const conflicts = tasks.filter((t) => t.mergeState === "conflict").length;
  return { total: tasks.length, counts: countByState(tasks), conflicts };
}
