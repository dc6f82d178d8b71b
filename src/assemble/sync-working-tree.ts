import type { SyncReport, SyncRequest } from "../core/assembler-port.js";
import {
  changedPaths,
  commitTree,
  git,
  mergeCommits,
  type Repo,
  runGit,
  touchedPaths,
  treeOf,
  workingTreeTree,
} from "../git/index.js";
import { scopeMatcher } from "../plan/index.js";

/** Applies the difference between two trees to the working tree; the index is never touched. */
async function applyToWorkingTree(
  repo: Repo,
  from: string,
  to: string,
): Promise<string | undefined> {
  const patch = await runGit(["diff", "--binary", "--full-index", "-M", "--no-color", from, to], {
    cwd: repo.root,
  });
  const applied = await runGit(["apply", "--whitespace=nowarn", "-"], {
    cwd: repo.root,
    input: patch.stdout,
    okCodes: [1],
  });
  return applied.code === 0
    ? undefined
    : (applied.stderr.trim().split("\n")[0] ?? "git apply failed");
}

/**
 * Brings base..result into the user's working tree as uncommitted changes, never over their
 * own work: in `refuse` mode nothing is applied when HEAD moved or a path the result touches
 * changed since the base; in `merge` mode the user's edits and the result merge three-way, and
 * conflict markers are written only into files matching `allowMarkers`.
 */
export async function syncWorkingTree(repo: Repo, request: SyncRequest): Promise<SyncReport> {
  const changes = await changedPaths(repo.root, request.base, request.result);
  if (changes.length === 0) return { state: "nothing" };
  const affected = touchedPaths(changes);
  const head = await git(["rev-parse", "HEAD"], { cwd: repo.root });
  const current = await workingTreeTree(repo);
  if (request.mode === "merge") return mergeIntoWorkingTree(repo, request, current, affected);
  if (head !== request.head) {
    return {
      state: "refused",
      paths: affected,
      reason: `HEAD moved since the run started (it was ${request.head.slice(0, 12)}, it is ${head.slice(0, 12)}: a commit or a branch switch), so the result no longer fits as is; it would apply to`,
    };
  }
  const edited = new Set(
    touchedPaths(await changedPaths(repo.root, await treeOf(repo.root, request.base), current)),
  );
  const clashing = affected.filter((p) => edited.has(p));
  if (clashing.length > 0) {
    return {
      state: "refused",
      paths: clashing,
      reason: "you changed these paths in your working tree since the run started",
    };
  }
  const failure = await applyToWorkingTree(repo, request.base, request.result);
  if (failure)
    return {
      state: "refused",
      paths: affected,
      reason: `git apply refused the change (${failure})`,
    };
  return { state: "applied", paths: affected, markers: [] };
}

async function mergeIntoWorkingTree(
  repo: Repo,
  request: SyncRequest,
  current: string,
  affected: string[],
): Promise<SyncReport> {
  const mine = await commitTree(repo.root, current, [request.base], "armada: your working tree\n");
  const merged = await mergeCommits(repo.root, mine, request.result);
  const allowed = scopeMatcher(request.allowMarkers);
  const refused = merged.conflicts.filter((p) => !allowed(p));
  if (refused.length > 0) {
    return {
      state: "refused",
      paths: refused,
      reason:
        "your edits and the result change the same lines (allow conflict markers in these files with --allow-markers <glob>)",
    };
  }
  const failure = await applyToWorkingTree(repo, mine, merged.tree);
  if (failure)
    return {
      state: "refused",
      paths: affected,
      reason: `git apply refused the merged change (${failure})`,
    };
  return { state: "applied", paths: affected, markers: merged.conflicts };
}
