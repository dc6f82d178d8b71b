import { createHash } from "node:crypto";
import { homedir } from "node:os";
import path from "node:path";

/**
 * Where a repository's worktree sandboxes live: a cache folder of armada's, one per repository
 * (named after it and a hash of its git dir), never under `.git/`, where agent CLIs refuse to
 * edit ("a sensitive file") and then exit 0 having done nothing.
 */
export function worktreeHome(gitDir: string): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(homedir(), ".cache");
  const resolved = path.resolve(gitDir);
  const project = path.basename(resolved === "/" ? "repo" : path.dirname(resolved)) || "repo";
  const hash = createHash("sha256").update(resolved).digest("hex").slice(0, 12);
  return path.join(cache, "armada", "worktrees", `${project}-${hash}`);
}
