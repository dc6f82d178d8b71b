import { runGit } from "../git/index.js";

/** The paths a tree tracks: its folders, and everything else (files, links, submodules). */
export interface TrackedPaths {
  dirs: Set<string>;
  files: Set<string>;
}

export async function trackedPaths(repoRoot: string, tree: string): Promise<TrackedPaths> {
  const out = await runGit(["ls-tree", "-r", "-t", "-z", "--full-tree", tree], { cwd: repoRoot });
  const tracked: TrackedPaths = { dirs: new Set(), files: new Set() };
  for (const record of out.stdout.split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const type = record.split(" ")[1];
    (type === "tree" ? tracked.dirs : tracked.files).add(record.slice(tab + 1));
  }
  return tracked;
}

/**
 * Where a changed path stands against the tracked ones: inside a tracked folder (nothing to
 * keep), a tracked file (or one below it: a change to drop), or below an untracked top-most
 * path (`root`), which is what setup made.
 */
export function placeOf(
  file: string,
  tracked: TrackedPaths,
): { kind: "tracked-dir" } | { kind: "tracked"; path: string } | { kind: "new"; root: string } {
  const parts = file.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const prefix = parts.slice(0, i).join("/");
    if (tracked.dirs.has(prefix)) continue;
    if (tracked.files.has(prefix)) return { kind: "tracked", path: prefix };
    return { kind: "new", root: prefix };
  }
  return { kind: "tracked-dir" };
}
