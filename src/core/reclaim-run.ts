import { armadaProcessAlive, killProcessGroup, masterAlive } from "./liveness.js";
import { FINISHED_RUN_STATES, type RunRecord } from "./records.js";
import type { SandboxDriver } from "./sandbox-port.js";
import type { RunStore } from "./store-port.js";

/**
 * Cleans up after a master that died: kills the agents it left running, removes their
 * sandboxes, marks their attempts interrupted and puts their tasks back in the queue, so that
 * `resume` runs them again and keeps every finished task. Attempts of a run on the fleet
 * outlive the master on their workers: they stay running, for `resume` to collect.
 */
export async function reclaimRun(
  store: RunStore,
  run: RunRecord,
  driverFor: (name: string) => SandboxDriver,
): Promise<{ interrupted: number; onFleet: number }> {
  let reclaimed = 0;
  let onFleet = 0;
  for (const attempt of store.listAttempts(run.id)) {
    if (attempt.state !== "running") continue;
    if (run.options.cloud) {
      onFleet++;
      continue;
    }
    if (attempt.pgid !== undefined && armadaProcessAlive(attempt.pgid, run.id))
      killProcessGroup(attempt.pgid);
    if (attempt.sandbox) await driverFor(run.options.sandbox).removeLeftover(attempt.sandbox);
    store.updateAttempt(run.id, attempt.taskId, attempt.n, {
      state: "interrupted",
      error: "the master stopped while this attempt ran",
      finishedAt: Date.now(),
    });
    reclaimed++;
  }
  await driverFor(run.options.sandbox).sweep(run.id);
  for (const task of store.listTasks(run.id)) {
    if (task.state === "active") {
      store.updateTask(
        run.id,
        task.id,
        { state: "queued" },
        { type: "task.requeued", data: { reason: run.options.cloud ? "reattach" : "interrupted" } },
      );
    }
  }
  return { interrupted: reclaimed, onFleet };
}

/** Runs whose master died without finishing them: marked interrupted and cleaned up. */
export async function reclaimOrphans(
  store: RunStore,
  driverFor: (name: string) => SandboxDriver,
): Promise<string[]> {
  const orphans = store
    .listRuns()
    .filter(
      (r) => !FINISHED_RUN_STATES.includes(r.state) && r.state !== "interrupted" && !masterAlive(r),
    );
  for (const run of orphans) {
    await reclaimRun(store, run, driverFor);
    store.updateRun(
      run.id,
      { state: "interrupted", masterPid: undefined },
      { type: "run.state", data: { state: "interrupted", hint: `armada resume ${run.id}` } },
    );
  }
  return orphans.map((r) => r.id);
}
