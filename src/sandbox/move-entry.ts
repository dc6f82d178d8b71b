import { lstat, mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { runProcess } from "./run-process.js";

/**
 * Moves a file or folder: a rename on one file system (whatever its size), a copy that keeps
 * owners, modes, links and times (then the source removed) across two.
 */
export async function moveEntry(from: string, to: string): Promise<void> {
  try {
    await rename(from, to);
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
  }
  let said = "";
  const result = await runProcess(["cp", "-a", "--", from, to], path.dirname(to), {
    env: { PATH: "/usr/bin:/bin" },
    onOutput: (chunk) => (said += chunk.toString()),
  });
  if (result.exitCode !== 0) throw new Error(`cp -a ${from} ${to} failed: ${said.trim()}`);
  await rm(from, { recursive: true, force: true });
}

/**
 * Makes the folders above `rel` in `dest`, each with the mode its counterpart in `source` has,
 * so that a layer's folders look like the codebase's where the two are shown merged.
 */
export async function makeParents(
  source: string,
  dest: string,
  rel: string,
  made: Set<string>,
): Promise<void> {
  const parts = rel.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    if (made.has(dir)) continue;
    const info = await lstat(path.join(source, dir)).catch(() => undefined);
    await mkdir(path.join(dest, dir), { mode: info ? info.mode & 0o7777 : 0o755 });
    made.add(dir);
  }
}
