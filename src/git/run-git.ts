import { ArmadaError } from "../core/errors.js";
import { type Spawned, SpawnFailed, spawnToEnd } from "../process/index.js";

export interface GitOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  input?: string | Buffer;
  /** Exit codes that are answers rather than failures (merge-tree's 1 = conflicts). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: string;
  /** stdout as git wrote it, for binary output such as packs. */
  bytes: Buffer;
  stderr: string;
  code: number;
}

export class GitError extends ArmadaError {
  readonly args: string[];
  readonly exitCode: number;
  readonly stderr: string;
  constructor(args: string[], exitCode: number, stderr: string) {
    super(
      "git-failed",
      `git ${args.slice(0, 3).join(" ")} failed (exit ${exitCode}): ${stderr.trim() || "no output"}`,
    );
    this.name = "GitError";
    this.args = args;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** Who armada's own commits are by, as git writes an identity. */
export const ARMADA_IDENTITY = "armada <armada@localhost>";

// Armada's own commits must not depend on the user's hooks, pager, editor or identity.
const FIXED_ENV = {
  GIT_TERMINAL_PROMPT: "0",
  GIT_PAGER: "cat",
  GIT_EDITOR: "true",
  GIT_AUTHOR_NAME: "armada",
  GIT_AUTHOR_EMAIL: "armada@localhost",
  GIT_COMMITTER_NAME: "armada",
  GIT_COMMITTER_EMAIL: "armada@localhost",
};

export async function runGit(args: string[], options: GitOptions): Promise<GitResult> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    ...FIXED_ENV,
    ...options.env,
  };
  // A caller's GIT_DIR/GIT_INDEX_FILE would silently redirect every command to another repository.
  if (!options.env?.GIT_DIR) delete env.GIT_DIR;
  if (!options.env?.GIT_WORK_TREE) delete env.GIT_WORK_TREE;
  if (!options.env?.GIT_INDEX_FILE) delete env.GIT_INDEX_FILE;
  let out: Spawned;
  try {
    out = await spawnToEnd({
      command: "git",
      args,
      cwd: options.cwd,
      env,
      input: options.input ?? "",
    });
  } catch (error) {
    if (!(error instanceof SpawnFailed)) throw error;
    throw new ArmadaError(
      "git-missing",
      `Could not run git (${error.message}). Armada needs git >= 2.38 on PATH: install it (e.g. \`apt-get install git\`).`,
    );
  }
  const result = {
    stdout: out.stdout.toString("utf8"),
    bytes: out.stdout,
    stderr: out.stderr,
    code: out.code,
  };
  if (result.code === 0 || options.okCodes?.includes(result.code)) return result;
  throw new GitError(args, result.code, result.stderr);
}

/** Runs git and returns trimmed stdout. */
export async function git(args: string[], options: GitOptions): Promise<string> {
  return (await runGit(args, options)).stdout.trim();
}
