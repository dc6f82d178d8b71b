import { masterAlive } from "./liveness.js";
import { FINISHED_RUN_STATES, type RunRecord } from "./records.js";

// A detached master needs a moment to start and claim its run.
const STARTING_MS = 10_000;

/** Whether nobody drives a run that has not ended: it waits for `armada resume`. */
export function masterGone(run: RunRecord, now = Date.now()): boolean {
  if (FINISHED_RUN_STATES.includes(run.state)) return false;
  if (run.state === "interrupted") return true;
  if (run.masterPid === undefined && now - run.createdAt < STARTING_MS) return false;
  return !masterAlive(run, now);
}
