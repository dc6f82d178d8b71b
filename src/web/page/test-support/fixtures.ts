import type { RunSnapshot, RunView, TaskState, TaskView } from "../../api.js";

export function runView(overrides: Partial<RunView> = {}): RunView {
  return {
    id: "run-1",
    objective: "do the thing",
    state: "running",
    createdAt: 1_000_000,
    total: 0,
    counts: { queued: 0, active: 0, completed: 0, failed: 0, blocked: 0, cancelled: 0 },
    conflicts: 0,
    live: true,
    agent: "cmd",
    sandbox: "worktree",
    concurrency: 4,
    workers: [],
    checks: [],
    cancelRequested: false,
    baseCommit: "base",
    integrationCommit: "base",
    ...overrides,
  };
}

export function taskView(id: string, seq: number, overrides: Partial<TaskView> = {}): TaskView {
  return {
    id,
    seq,
    title: `Task ${id}`,
    kind: "task",
    state: "queued" as TaskState,
    mergeState: "pending",
    deps: [],
    conflictPaths: [],
    redos: 0,
    attempt: 0,
    cancelRequested: false,
    ...overrides,
  };
}

export function snapshot(tasks: TaskView[], seq = 1): RunSnapshot {
  return {
    seq,
    run: runView({ total: tasks.length }),
    tasks,
    conflicts: [],
    checkRounds: [],
    culprits: [],
  };
}
