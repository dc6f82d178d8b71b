import path from "node:path";
import { type ChangedPath, listFiles, readBlob } from "../git/index.js";

/**
 * Why a captured change must not be merged, or undefined: a nested repository or `.git` path,
 * a symlink leading out of the repository, or the net deletion of more than `maxDeleteShare`
 * of the files the task started with.
 */
export async function suspiciousChange(
  cwd: string,
  start: string,
  changes: ChangedPath[],
  maxDeleteShare: number,
): Promise<string | undefined> {
  for (const change of changes) {
    if (change.path.split("/").includes(".git"))
      return `it writes inside a .git folder (${change.path})`;
    if (change.mode === "160000") return `it adds a nested git repository at ${change.path}`;
    if (change.mode === "120000") {
      const target = await readBlob(cwd, change.blob);
      const resolved = path.posix.normalize(
        path.posix.join(path.posix.dirname(change.path), target),
      );
      if (path.posix.isAbsolute(target) || resolved === ".." || resolved.startsWith("../")) {
        return `the symlink ${change.path} points outside the repository (to ${target})`;
      }
    }
  }
  // Conversions the rename detection misses delete one path and add another: only the net loss counts.
  const deleted =
    changes.filter((c) => c.status === "D").length - changes.filter((c) => c.status === "A").length;
  if (deleted <= 0) return undefined;
  // Counting the start's files costs a tree walk: only done when something was deleted.
  const startFiles = (await listFiles(cwd, start)).length;
  if (deleted / startFiles > maxDeleteShare) {
    return `it deletes ${deleted} of the ${startFiles} files it started with (more than ${Math.round(maxDeleteShare * 100)}%), which looks like a mistake; if it is meant, set "allowDeletions: true" on the task in the plan or raise --max-delete`;
  }
  return undefined;
}
