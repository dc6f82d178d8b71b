import { masterAlive } from "./liveness.js";
import type { RunRecord } from "./records.js";
import type { RunStore } from "./store-port.js";

export type TaskCancelOutcome =
  /** The live master was asked; it stops the task within a second or so. */
  | "requested"
  /** No master runs the run, so the task was marked cancelled here. */
  | "cancelled"
  /** The task is neither queued nor working. */
  | "not-cancellable";

/**
 * Cancels one task of a run: through the run's master when one is alive (it owns the task's
 * agent), else directly in the store.
 */
export function requestTaskCancel(
  store: RunStore,
  run: RunRecord,
  taskId: string,
): TaskCancelOutcome {
  const task = store.getTask(run.id, taskId);
  if (!task || !["queued", "active"].includes(task.state)) return "not-cancellable";
  if (!masterAlive(run)) {
    store.updateTask(
      run.id,
      taskId,
      { state: "cancelled", error: "cancelled on request", finishedAt: Date.now() },
      { type: "task.state", data: { state: "cancelled" } },
    );
    return "cancelled";
  }
  store.updateTask(
    run.id,
    taskId,
    { cancelRequested: true },
    { type: "task.cancel-requested", data: {} },
  );
  return "requested";
}
