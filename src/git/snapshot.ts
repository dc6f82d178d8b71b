import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Repo } from "./repo.js";
import { git } from "./run-git.js";

/**
 * Writes the working tree as it is (tracked and untracked files, ignored ones excluded) into a
 * tree object, through a private copy of the index so the user's staging area is untouched.
 * Copying the index keeps its stat cache, so unchanged files are not re-hashed.
 */
export async function workingTreeTree(repo: Repo): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "armada-index-"));
  const indexFile = path.join(dir, "index");
  try {
    const userIndex = await git(["rev-parse", "--path-format=absolute", "--git-path", "index"], {
      cwd: repo.root,
    });
    await copyFile(userIndex, indexFile).catch(() => undefined);
    const env = { GIT_INDEX_FILE: indexFile };
    await git(["add", "-A", "--", "."], { cwd: repo.root, env });
    return await git(["write-tree"], { cwd: repo.root, env });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Snapshot {
  /** The commit sub-agents start from: HEAD itself when the tree is clean. */
  commit: string;
  head: string;
  /** Whether the user's uncommitted changes were folded in. */
  dirty: boolean;
}

/** Captures HEAD plus the user's uncommitted changes as a commit object on no branch. */
export async function snapshot(repo: Repo, head: string, message: string): Promise<Snapshot> {
  const tree = await workingTreeTree(repo);
  const headTree = await git(["rev-parse", `${head}^{tree}`], { cwd: repo.root });
  if (tree === headTree) return { commit: head, head, dirty: false };
  const commit = await git(["commit-tree", tree, "-p", head, "-m", message], { cwd: repo.root });
  return { commit, head, dirty: true };
}
