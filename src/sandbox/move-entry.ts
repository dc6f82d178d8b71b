import { chown, lstat, mkdir, rename, rm } from "node:fs/promises";
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
 * Makes the folder `rel` of `dest` (its parents first, `rel` "" for `dest` itself) like its
 * counterpart in `source`: its mode and, where this process may, its owner. So a layer's
 * folders look like the codebase's where the two are shown merged.
 */
export async function makeLike(
  source: string,
  dest: string,
  rel: string,
  made: Set<string>,
): Promise<void> {
  const parts = rel ? rel.split("/") : [];
  for (let i = 0; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join("/");
    if (made.has(dir)) continue;
    const info = await lstat(path.join(source, dir)).catch(() => undefined);
    await mkdir(path.join(dest, dir), { recursive: true, mode: info ? info.mode & 0o7777 : 0o755 });
    if (info) await chown(path.join(dest, dir), info.uid, info.gid).catch(() => undefined);
    made.add(dir);
  }
}

/** Makes the folders above `rel` in `dest` like those of `source` (see `makeLike`). */
export async function makeParents(
  source: string,
  dest: string,
  rel: string,
  made: Set<string>,
): Promise<void> {
  await makeLike(
    source,
    dest,
    path.posix.dirname(rel) === "." ? "" : path.posix.dirname(rel),
    made,
  );
}
