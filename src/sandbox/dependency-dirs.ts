import path from "node:path";
import { runGit } from "../git/index.js";

/**
 * The user's installed dependency folders worth sharing with sandboxes: ignored folders of the
 * working tree (git lists them without reading inside) whose name is one of `names`, such as
 * node_modules, at any depth. Relative to the repository's root.
 */
export async function dependencyDirs(repoRoot: string, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const out = await runGit(
    ["ls-files", "-z", "--others", "--ignored", "--exclude-standard", "--directory"],
    { cwd: repoRoot },
  );
  return out.stdout
    .split("\0")
    .filter((entry) => entry.endsWith("/"))
    .map((entry) => entry.slice(0, -1))
    .filter((dir) => names.includes(path.posix.basename(dir)));
}
