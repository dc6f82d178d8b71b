import type { SyncReport } from "../core/assembler-port.js";
import {
  changedPaths,
  type Repo,
  runGit,
  touchedPaths,
  treeOf,
  workingTreeTree,
} from "../git/index.js";

/**
 * Applies base..result to the user's working tree as uncommitted changes, only if none of the
 * paths it touches changed in the working tree since the base; the index is never touched.
 */
export async function syncWorkingTree(
  repo: Repo,
  base: string,
  result: string,
): Promise<SyncReport> {
  const changes = await changedPaths(repo.root, base, result);
  if (changes.length === 0) return { state: "nothing" };
  const affected = touchedPaths(changes);
  const current = await workingTreeTree(repo);
  const edited = new Set(
    touchedPaths(await changedPaths(repo.root, await treeOf(repo.root, base), current)),
  );
  const clashing = affected.filter((p) => edited.has(p));
  if (clashing.length > 0) {
    return {
      state: "refused",
      paths: clashing,
      reason: "you changed these paths in your working tree since the run started",
    };
  }
  const patch = await runGit(
    ["diff", "--binary", "--full-index", "-M", "--no-color", base, result],
    { cwd: repo.root },
  );
  const applied = await runGit(["apply", "--whitespace=nowarn", "-"], {
    cwd: repo.root,
    input: patch.stdout,
    okCodes: [1],
  });
  if (applied.code !== 0) {
    return {
      state: "refused",
      paths: affected,
      reason: `git apply refused the change (${applied.stderr.trim().split("\n")[0]})`,
    };
  }
  return { state: "applied", paths: affected };
}
