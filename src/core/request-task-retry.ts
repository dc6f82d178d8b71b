import { masterAlive } from "./liveness.js";
import { FINISHED_RUN_STATES, type RunRecord, type TaskRecord } from "./records.js";
import type { RunStore, TaskUpdate } from "./store-port.js";

export type TaskRetryOutcome =
  /** The live master was asked; it queues the task again within a second or so. */
  | { kind: "requested" }
  /** No master runs the run: the task is queued again, and the run needs a master (resume). */
  | { kind: "queued"; reopened: boolean }
  /** The retry cannot be done; `why` says so to the user. */
  | { kind: "refused"; why: string };

const RETRYABLE = ["failed", "cancelled", "blocked"];

/**
 * The blocked tasks that depend on `taskId`, directly or through other blocked tasks: a retry
 * gives them their chance again (the scheduler blocks again those with another dead dependency).
 */
function blockedDependents(tasks: TaskRecord[], taskId: string): TaskRecord[] {
  const found: TaskRecord[] = [];
  const reached = new Set([taskId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const task of tasks) {
      if (task.state !== "blocked" || reached.has(task.id)) continue;
      if (!task.deps.some((d) => reached.has(d))) continue;
      reached.add(task.id);
      found.push(task);
      grew = true;
    }
  }
  return found;
}

/** Queues a task again, with the tasks its failure blocked, in one transaction. */
export function requeueTask(store: RunStore, runId: string, taskId: string, why: string): void {
  const tasks = store.listTasks(runId);
  const again = (id: string): TaskUpdate => ({
    taskId: id,
    // A task that ended unmerged was marked skipped; its new result must merge.
    patch: {
      state: "queued",
      mergeState: "pending",
      retryRequested: false,
      error: undefined,
      finishedAt: undefined,
    },
    event: { type: "task.requeued", taskId: id, data: { reason: why } },
  });
  store.updateTasks(runId, [
    again(taskId),
    ...blockedDependents(tasks, taskId).map((t) => again(t.id)),
  ]);
}

/**
 * Runs a failed, cancelled or blocked task again: through the run's master when one is alive,
 * else directly in the store, reopening a run that ended so that a master (`resume`) finishes
 * it. A run whose result is already in the user's working tree is not reopened: its result
 * would be applied a second time.
 */
export function requestTaskRetry(
  store: RunStore,
  run: RunRecord,
  taskId: string,
): TaskRetryOutcome {
  const task = store.getTask(run.id, taskId);
  if (!task) return { kind: "refused", why: `Run ${run.id} has no task ${taskId}.` };
  if (!RETRYABLE.includes(task.state)) {
    return {
      kind: "refused",
      why: `Task ${taskId} is ${task.state}; only a failed, cancelled or blocked task can be retried.`,
    };
  }
  if (masterAlive(run)) {
    if (run.state !== "running") {
      return {
        kind: "refused",
        why: `Run ${run.id} is ${run.state === "checking" ? "checking" : "syncing"} its assembled result; retry task ${taskId} once the run has ended.`,
      };
    }
    store.updateTask(
      run.id,
      taskId,
      { retryRequested: true },
      { type: "task.retry-requested", data: {} },
    );
    return { kind: "requested" };
  }
  if (run.applyState === "applied") {
    return {
      kind: "refused",
      why: `Run ${run.id}'s result is already applied to your working tree; retrying task ${taskId} in it would apply the run again over it. Start a new run for this task instead.`,
    };
  }
  requeueTask(store, run.id, taskId, "retry requested");
  const reopened = FINISHED_RUN_STATES.includes(run.state);
  if (reopened) {
    store.updateRun(
      run.id,
      {
        state: "interrupted",
        finishedAt: undefined,
        checksState: undefined,
        applyState: undefined,
        cancelRequested: false,
        error: undefined,
      },
      { type: "run.state", data: { state: "interrupted", reason: `task ${taskId} retried` } },
    );
  }
  return { kind: "queued", reopened };
}
