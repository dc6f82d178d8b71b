import { setMaxListeners } from "node:events";
import { hostname } from "node:os";
import { HEARTBEAT_MS } from "./liveness.js";
import { prepareEnvironment } from "./prepare-environment.js";
import type { RunRecord } from "./records.js";
import { runBaseline } from "./run-baseline.js";
import type { EngineDeps, RunSession } from "./run-session.js";
import { cancelRequestedTasks, requeueAskedTasks, scheduleTasks } from "./schedule-tasks.js";
import { settleRun } from "./settle-run.js";
import { withTaskBoard } from "./task-board.js";
import { validateRun } from "./validate-run.js";

/**
 * The master's work on one run: schedule the tasks, merging results as they land; validate
 * the assembled result, with fix-up rounds while the checks fail; then sync back. Safe to call
 * again on an interrupted run: finished tasks are kept, interrupted ones run again.
 */
export async function executeRun(
  runId: string,
  deps: EngineDeps,
  signal: AbortSignal,
): Promise<RunRecord> {
  const store = withTaskBoard(deps.store, runId);
  const initial = store.getRun(runId);
  if (!initial) throw new Error(`run ${runId} is not in the store`);
  const session: RunSession = {
    runId,
    deps: { ...deps, store },
    options: initial.options,
    cancel: new AbortController(),
    attempts: new Map(),
    proven: new Set(),
  };
  // Every running attempt listens to the run's cancel signal.
  setMaxListeners(0, session.cancel.signal);
  const onAbort = (): void => session.cancel.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) session.cancel.abort();
  store.updateRun(
    runId,
    {
      state: "running",
      masterPid: process.pid,
      masterHost: hostname(),
      heartbeatAt: Date.now(),
      error: undefined,
    },
    { type: "run.state", data: { state: "running", pid: process.pid } },
  );
  const heartbeat = setInterval(() => {
    store.updateRun(runId, { heartbeatAt: Date.now() });
    if (store.getRun(runId)?.cancelRequested) session.cancel.abort();
    cancelRequestedTasks(session);
    if (store.tasksAskedToRetry(runId).length > 0) session.wake?.();
  }, HEARTBEAT_MS);
  try {
    // Setup first: the baseline and every sandbox stand on its layer.
    if (await prepareEnvironment(session)) {
      // Beside the fan-out, unless a red base must stop the run before anything starts.
      const baseline = runBaseline(session);
      session.baseline = baseline;
      if (session.options.requireGreenBase) await baseline;
    }
    for (;;) {
      await scheduleTasks(session);
      if (session.cancel.signal.aborted || session.stopped) break;
      // A retry asked while the last tasks ended is scheduled before the checks judge the run.
      if (requeueAskedTasks(session) > 0) continue;
      if ((await validateRun(session)) === "fixup") continue;
      if (requeueAskedTasks(session) === 0) break;
      // The retried task's result changes what the checks judged: they judge again after it.
      store.updateRun(
        runId,
        { state: "running", checksState: undefined },
        { type: "run.state", data: { state: "running", pid: process.pid } },
      );
    }
    await deps.dispatcher.close();
    if (session.cancel.signal.aborted) {
      store.updateRun(
        runId,
        { state: "cancelled", finishedAt: Date.now() },
        { type: "run.state", data: { state: "cancelled" } },
      );
      return store.getRun(runId) ?? initial;
    }
    return await settleRun(session);
  } finally {
    clearInterval(heartbeat);
    signal.removeEventListener("abort", onAbort);
    store.updateRun(runId, { masterPid: undefined, heartbeatAt: undefined });
  }
}
