import type { TaskState } from "../core/index.js";
import type { RunModel } from "./run-model.js";

export interface RunSummary {
  total: number;
  counts: Record<TaskState, number>;
  /** Results waiting for a redo, a resolver or the user. */
  conflicts: number;
}

export function summarizeRun(model: RunModel): RunSummary {
  const { tally } = model;
  return { total: model.tasks.size, counts: { ...tally.counts }, conflicts: tally.conflicts };
}
