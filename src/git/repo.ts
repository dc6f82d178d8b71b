import path from "node:path";
import { NoCommitsError, NotAGitRepositoryError } from "../core/errors.js";
import { GitError, git } from "./run-git.js";

export interface Repo {
  /** The working tree's top directory. */
  root: string;
  /** The common git dir (shared by all worktrees): armada's state lives below it. */
  gitDir: string;
}

export async function openRepo(dir: string): Promise<Repo> {
  let out: string;
  try {
    out = await git(["rev-parse", "--show-toplevel", "--git-common-dir"], { cwd: dir });
  } catch (error) {
    if (error instanceof GitError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new NotAGitRepositoryError(dir);
    }
    throw error;
  }
  const [root, commonDir] = out.split("\n");
  if (!root || !commonDir) throw new NotAGitRepositoryError(dir);
  return { root, gitDir: path.resolve(root, commonDir) };
}

export async function headCommit(repo: Repo): Promise<string> {
  try {
    return await git(["rev-parse", "--verify", "HEAD^{commit}"], { cwd: repo.root });
  } catch (error) {
    if (error instanceof GitError) throw new NoCommitsError(repo.root);
    throw error;
  }
}

/** The branch HEAD points at, or undefined when detached. */
export async function headBranch(repo: Repo): Promise<string | undefined> {
  const result = await git(["symbolic-ref", "-q", "HEAD"], { cwd: repo.root }).catch(() => "");
  return result || undefined;
}
