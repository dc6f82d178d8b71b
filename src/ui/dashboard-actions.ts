import { type RunStore, requestTaskCancel, type TaskCancelOutcome } from "../core/index.js";
import type { DashboardActions, DiffOutcome } from "./dashboard.js";

const CANCEL_NOTICE: Record<TaskCancelOutcome, (id: string) => string> = {
  requested: (id) => `Asked the master to cancel ${id}; it stops within a second or so.`,
  cancelled: (id) => `Cancelled ${id} (the run's master is not running).`,
  "not-cancellable": (id) => `Task ${id} is not queued or working; nothing to cancel.`,
};

/** The dashboard's keys that reach outside it: diffs from git, cancels through the store. */
export function dashboardActions(options: {
  store: RunStore;
  runId: string;
  diffText(from: string, to: string): Promise<string>;
  cancelRun?: (() => void) | undefined;
}): DashboardActions {
  const { store, runId } = options;
  return {
    async diff(taskId): Promise<DiffOutcome> {
      const task = store.getTask(runId, taskId);
      const result = store.getResult(runId, taskId);
      if (!result) {
        const why =
          task?.state === "active"
            ? `Task ${taskId} is still working (attempt ${task.attempts}): there is no diff until it finishes. Enter shows its log.`
            : task?.state === "queued"
              ? `Task ${taskId} has not started yet: there is no diff.`
              : `Task ${taskId} has no result (it is ${task?.state ?? "gone"}): enter shows its log.`;
        return { kind: "none", why };
      }
      const text = await options.diffText(result.startCommit, result.commit);
      return {
        kind: "text",
        title: `Diff of ${taskId}: ${result.startCommit.slice(0, 12)}..${result.commit.slice(0, 12)} (${result.changed.length} file${result.changed.length === 1 ? "" : "s"})`,
        text: text || "(no changes)",
      };
    },
    cancelTask(taskId) {
      const run = store.getRun(runId);
      if (!run) return `Run ${runId} is gone.`;
      return CANCEL_NOTICE[requestTaskCancel(store, run, taskId)](taskId);
    },
    cancelRun: () => options.cancelRun?.(),
  };
}
