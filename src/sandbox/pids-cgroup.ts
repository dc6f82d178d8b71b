import { existsSync } from "node:fs";
import { mkdir, rmdir, writeFile } from "node:fs/promises";
import path from "node:path";

/** A cgroup that caps how many processes a sandbox may have. */
export interface PidsCgroup {
  /** Writing a pid here moves that process (and its future children) in. */
  procs: string;
  remove(): Promise<void>;
}

function armadaGroup(): string | undefined {
  if (existsSync("/sys/fs/cgroup/pids/tasks")) return "/sys/fs/cgroup/pids/armada";
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) return "/sys/fs/cgroup/armada";
  return undefined;
}

async function removeGroup(dir: string): Promise<void> {
  // The processes of a stopped sandbox take a moment to leave.
  for (let tries = 0; tries < 20; tries++) {
    try {
      await rmdir(dir);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return;
      if (code !== "EBUSY") throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * A pids cgroup for one sandbox, when armada runs as root: RLIMIT_NPROC, which bounds a
 * sandbox's processes otherwise, does not apply to root. Undefined when there is no writable
 * pids controller (cgroup v1 or v2); the sandbox then has no bound on processes.
 */
export async function pidsCgroup(name: string, max: number): Promise<PidsCgroup | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const parent = armadaGroup();
  if (!parent) return undefined;
  try {
    await mkdir(parent, { recursive: true });
    if (!parent.includes("/pids/")) {
      await writeFile("/sys/fs/cgroup/cgroup.subtree_control", "+pids");
      await writeFile(path.join(parent, "cgroup.subtree_control"), "+pids");
    }
    const dir = path.join(parent, name);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, "pids.max"), String(max));
    return { procs: path.join(dir, "cgroup.procs"), remove: () => removeGroup(dir) };
  } catch {
    return undefined;
  }
}

/** Removes the cgroups of these sandboxes, left by a master that died. */
export async function removePidsCgroups(names: string[]): Promise<void> {
  const parent = armadaGroup();
  if (!parent || process.getuid?.() !== 0) return;
  for (const name of names) await removeGroup(path.join(parent, name)).catch(() => undefined);
}
