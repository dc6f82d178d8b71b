import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import type { RunRecord } from "./records.js";

export const HEARTBEAT_MS = 1000;
const STALE_AFTER_MS = 20_000;

/** Whether a process with this id exists (one of another user counts). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Whether the master process of a run is still working on it. */
export function masterAlive(run: RunRecord, now = Date.now()): boolean {
  if (run.masterPid === undefined || run.heartbeatAt === undefined) return false;
  if (now - run.heartbeatAt > STALE_AFTER_MS) return false;
  return run.masterHost !== hostname() || pidAlive(run.masterPid);
}

/**
 * Whether a process group still runs an attempt of this run. On Linux the group leader's
 * environment must carry ARMADA_RUN=<run>, so a recycled pid is never killed.
 */
export function armadaProcessAlive(pgid: number, runId: string): boolean {
  if (!pidAlive(pgid)) return false;
  try {
    return readFileSync(`/proc/${pgid}/environ`, "utf8")
      .split("\0")
      .includes(`ARMADA_RUN=${runId}`);
  } catch {
    return process.platform !== "linux";
  }
}

export function killProcessGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
