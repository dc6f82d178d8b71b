import { git } from "./run-git.js";

/**
 * Writes a tree's files into an empty folder, with an index of their own at `indexFile`: the
 * repository's index, HEAD and worktree list stay untouched. Filters and line endings apply as
 * in any checkout, and the index records the files' stat data so that `git status` there is fast.
 */
export async function checkoutTree(
  gitDir: string,
  tree: string,
  dir: string,
  indexFile: string,
): Promise<void> {
  const env = { GIT_DIR: gitDir, GIT_WORK_TREE: dir, GIT_INDEX_FILE: indexFile };
  await git(["read-tree", tree], { cwd: dir, env });
  await git(["checkout-index", "--all", "--force", "-u"], { cwd: dir, env });
}
