import type { TaskState } from "../api.js";

/** Every task state, in the order the page lists them. */
export const TASK_STATES: readonly TaskState[] = [
  "queued",
  "active",
  "completed",
  "failed",
  "blocked",
  "cancelled",
];

export const FINISHED_RUN_STATES: ReadonlySet<string> = new Set([
  "completed",
  "failed",
  "cancelled",
  "interrupted",
]);
