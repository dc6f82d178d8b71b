import type { RunRecord, TaskState } from "../core/index.js";

export const ICONS: Record<TaskState | "conflict", string> = {
  queued: "⏳",
  active: "🔄",
  completed: "✅",
  failed: "❌",
  blocked: "⛔",
  cancelled: "✖️",
  conflict: "⚠️",
};

export const LABELS: Record<TaskState, string> = {
  queued: "QUEUED",
  active: "WORKING",
  completed: "DONE",
  failed: "FAILED",
  blocked: "BLOCKED",
  cancelled: "CANCELLED",
};

export function runElapsed(run: RunRecord, now = Date.now()): number {
  return (run.finishedAt ?? now) - run.createdAt;
}
