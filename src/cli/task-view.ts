import type { RunRecord, TaskRecord, TaskState } from "../core/index.js";

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

export interface Counts {
  queued: number;
  active: number;
  completed: number;
  failed: number;
  blocked: number;
  cancelled: number;
}

export function countTasks(tasks: TaskRecord[]): Counts {
  const counts: Counts = {
    queued: 0,
    active: 0,
    completed: 0,
    failed: 0,
    blocked: 0,
    cancelled: 0,
  };
  for (const task of tasks) counts[task.state]++;
  return counts;
}

export function runElapsed(run: RunRecord, now = Date.now()): number {
  return (run.finishedAt ?? now) - run.createdAt;
}
