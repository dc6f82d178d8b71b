import { lstat, opendir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { nestedHead } from "./nested-head.js";
import type { WorkChanges } from "./tree-from-changes.js";

async function kindIn(dir: string, file: string): Promise<"dir" | "file" | undefined> {
  const info = await lstat(path.join(dir, file)).catch(() => undefined);
  if (!info) return undefined;
  return info.isDirectory() ? "dir" : "file";
}

/**
 * What changed in a codebase on overlayfs, read from its upper folder: files there are new or
 * modified, whiteouts (character devices) are deletions. A folder the agent removed and made
 * again is opaque, hiding everything below it. Node cannot read that mark (an extended
 * attribute), so it is told by one probe instead: a base entry the upper folder does not
 * mention is visible in the merged view unless the folder is opaque. Listing the merged view
 * whole would cost the folder's size for every change, which in a folder of 10,000 files is
 * most of an attempt's cost. Costs the size of the change, not of the repository.
 *
 * `merged` is the agent's view as this process can read it (an overlay sandbox's through
 * /proc/<pid>/root, a container's overlay2 mount), `base` the start tree's checkout, `skip`
 * the paths that are not the codebase (the sandbox's .git, dependency mounts). The agent's
 * processes must be stopped: the walk trusts that nothing moves while it reads.
 */
export async function upperChanges(
  upper: string,
  merged: string,
  base: string,
  skip: Set<string>,
): Promise<WorkChanges> {
  const changes: WorkChanges = { files: new Map(), deleted: new Set(), nested: new Map() };
  /** Whether a folder the base has hides the base's entries: the first unmentioned one tells. */
  const opaque = async (rel: string, mentioned: Set<string>): Promise<boolean> => {
    for await (const entry of await opendir(path.join(base, rel))) {
      const file = path.posix.join(rel, entry.name);
      if (mentioned.has(entry.name) || skip.has(file)) continue;
      return (await lstat(path.join(merged, file)).catch(() => undefined)) === undefined;
    }
    return false;
  };
  const walk = async (rel: string, inBase: boolean): Promise<void> => {
    const listed = await readdir(path.join(upper, rel), { withFileTypes: true });
    const entries = listed.filter((e) => !skip.has(path.posix.join(rel, e.name)));
    if (rel === "" && entries.length === 0) return;
    if (rel !== "" && entries.some((e) => e.name === ".git")) {
      const dir = path.join(upper, rel);
      const read = (file: string): Promise<string | undefined> =>
        readFile(path.join(dir, file), "utf8").catch(() => undefined);
      changes.nested.set(rel, await nestedHead(read));
      if (inBase) changes.deleted.add(rel);
      return;
    }
    const mentioned = new Set(listed.map((e) => e.name));
    if (inBase && (await opaque(rel, mentioned))) {
      for (const name of await readdir(path.join(base, rel))) {
        const file = path.posix.join(rel, name);
        if (!mentioned.has(name) && !skip.has(file)) changes.deleted.add(file);
      }
    }
    for (const entry of entries) {
      const file = path.posix.join(rel, entry.name);
      const before = inBase ? await kindIn(base, file) : undefined;
      if (entry.isCharacterDevice()) {
        if (before) changes.deleted.add(file);
      } else if (entry.isDirectory()) {
        if (before === "file") changes.deleted.add(file);
        await walk(file, before === "dir");
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const source = path.join(upper, file);
        const info = await lstat(source);
        changes.files.set(file, {
          source,
          symlink: entry.isSymbolicLink(),
          executable: (info.mode & 0o100) !== 0,
          fresh: before !== "file",
        });
      }
    }
  };
  await walk("", true);
  return changes;
}
