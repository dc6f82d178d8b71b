import type { TaskRow } from "./run-model.js";

/** What a row shows a task as: its state, or `conflict` while its result waits to be merged. */
export type TaskLook =
  | "working"
  | "done"
  | "queued"
  | "failed"
  | "blocked"
  | "cancelled"
  | "conflict"
  /** Completed without changing anything: worth a look, not folded away with the done. */
  | "unchanged";

export function taskLook(task: TaskRow): TaskLook {
  if (task.mergeState === "conflict") return "conflict";
  switch (task.state) {
    case "active":
      return "working";
    case "completed":
      return task.noChange === undefined ? "done" : "unchanged";
    default:
      return task.state;
  }
}

/**
 * Emoji whose width every terminal agrees on (two cells, no variation selector), so the
 * columns line up; a selector such as the one in "⚠️" is drawn one cell wide by some.
 */
export const LOOK_ICON: Record<TaskLook, string> = {
  working: "🔄",
  done: "✅",
  queued: "⏳",
  failed: "❌",
  blocked: "⛔",
  cancelled: "🚫",
  conflict: "🔀",
  unchanged: "💤",
};

export const LOOK_LABEL: Record<TaskLook, string> = {
  working: "WORKING",
  done: "DONE",
  queued: "QUEUED",
  failed: "FAILED",
  blocked: "BLOCKED",
  cancelled: "CANCELLED",
  conflict: "CONFLICT",
  unchanged: "NO CHANGE",
};

export const LOOK_COLOR: Record<TaskLook, string> = {
  working: "cyan",
  done: "green",
  queued: "gray",
  failed: "red",
  blocked: "magenta",
  cancelled: "gray",
  conflict: "yellow",
  unchanged: "yellow",
};
