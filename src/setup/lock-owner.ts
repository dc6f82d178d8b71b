import { readFileSync } from "node:fs";

/** The start time of a process (Linux), which tells it from a later one that got its pid. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** What a lock file says of its holder: its pid and, where known, its start time. */
export function lockOwner(pid: number): string {
  const start = startTime(pid);
  return start ? `${pid} ${start}` : String(pid);
}

/** Whether the process a lock file names still runs (on this machine). */
export function lockHolderAlive(owner: string): boolean {
  const [pidText, start] = owner.split(" ");
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return start === undefined || startTime(pid) === undefined || startTime(pid) === start;
}
