import { FINISHED_RUN_STATES, masterAlive, type RunRecord } from "../core/index.js";
import { estimateRemaining } from "../ui/estimate-remaining.js";
import type { RunModel, TaskRow } from "../ui/run-model.js";
import { summarizeRun } from "../ui/summarize-run.js";
import type { RunListItem, RunView, TaskView, WorkerView } from "./api.js";

/** A run's master is running it now: its heartbeat is fresh and the run has not ended. */
export function runLive(run: RunRecord): boolean {
  return !FINISHED_RUN_STATES.includes(run.state) && masterAlive(run);
}

function workersOf(model: RunModel): WorkerView[] {
  const active = new Map<string, number>();
  for (const task of model.tasks.values()) {
    if (task.state === "active" && task.worker)
      active.set(task.worker, (active.get(task.worker) ?? 0) + 1);
  }
  return [...active]
    .map(([name, n]) => ({ name, active: n }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function runView(model: RunModel, now = Date.now()): RunView {
  const { run } = model;
  const summary = summarizeRun(model);
  return {
    id: run.id,
    objective: run.objective,
    state: run.state,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    etaMs: FINISHED_RUN_STATES.includes(run.state) ? undefined : estimateRemaining(model, now),
    total: summary.total,
    counts: summary.counts,
    conflicts: summary.conflicts,
    usage: model.usage,
    budgetUsd: run.options.budgetUsd,
    halted: model.halted,
    live: runLive(run),
    masterPid: run.masterPid,
    masterHost: run.masterHost,
    agent: run.options.agent,
    sandbox: run.options.sandbox,
    concurrency: run.options.concurrency,
    fleet: run.options.cloud,
    workers: workersOf(model),
    checks: run.checks,
    checksState: run.checksState,
    applyState: run.applyState,
    error: run.error,
    cancelRequested: run.cancelRequested,
    baseCommit: run.baseCommit,
    integrationCommit: run.integrationCommit,
  };
}

export function taskView(row: TaskRow): TaskView {
  return {
    id: row.id,
    seq: row.seq,
    title: row.title,
    kind: row.kind,
    state: row.state,
    mergeState: row.mergeState,
    deps: row.deps,
    conflictPaths: row.conflictPaths,
    redos: row.redos,
    attempt: row.attempt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    error: row.error,
    cancelRequested: row.cancelRequested,
    phase: row.phase,
    // The model keeps a finished task's last line; it only tells while the task works.
    lastLine: row.state === "active" ? row.lastLine : undefined,
    worker: row.worker,
    noChange: row.noChange,
    resolves: row.resolves,
  };
}

export function runListItem(
  run: RunRecord,
  totals: { counts: RunListItem["counts"]; usage: { costUsd?: number | undefined } | undefined },
): RunListItem {
  return {
    id: run.id,
    objective: run.objective,
    state: run.state,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    total: Object.values(totals.counts).reduce((a, b) => a + b, 0),
    counts: totals.counts,
    costUsd: totals.usage?.costUsd,
    live: runLive(run),
  };
}
