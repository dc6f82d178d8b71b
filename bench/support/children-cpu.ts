import { readFileSync } from "node:fs";

// USER_HZ, the unit of /proc/<pid>/stat times, is 100 on every mainstream Linux architecture.
const TICK_MS = 10;

/**
 * CPU time (user + system, ms) of this process's children that have exited and been waited
 * for, with all of their own waited-for descendants: on Linux, from /proc/self/stat; undefined
 * elsewhere. The difference across one child's run is what that child's process tree cost.
 */
export function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    // Fields after the command name, which is in parentheses and may contain spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cutime = Number(fields[13]);
    const cstime = Number(fields[14]);
    if (!Number.isFinite(cutime) || !Number.isFinite(cstime)) return undefined;
    return (cutime + cstime) * TICK_MS;
  } catch {
    return undefined;
  }
}
