import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Sandbox, SandboxDriver } from "../core/sandbox-port.js";
import { GitError, git, runGit } from "../git/index.js";
import { runProcess } from "./run-process.js";

// The user's post-checkout hooks are theirs, not the sandbox's.
const NO_HOOKS = ["-c", "core.hooksPath=/dev/null"];

/** git's worktree bookkeeping is not safe against itself: these failures mean "try again". */
const RACE = /failed to read .*commondir|could not open .*locked|unable to create .*lock/;

/**
 * Git worktrees under `$GIT_DIR/armada/sandboxes/<run>/`: portable, and git inside works
 * (status and diff show the task's own changes). A finished attempt's worktree is cleaned and
 * kept for the next attempt of the run, which only checks out what differs: creating a
 * worktree costs a full checkout, reusing one costs the change.
 */
export function worktreeDriver(repoRoot: string, gitDir: string): SandboxDriver {
  const sandboxesDir = path.join(gitDir, "armada", "sandboxes");
  const idle = new Map<string, string[]>();
  let made = 0;
  let queue: Promise<unknown> = Promise.resolve();
  /** Runs worktree add/remove one at a time: concurrent ones corrupt each other's records. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const withRetries = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await serial(work);
      } catch (error) {
        if (attempt >= 4 || !(error instanceof GitError) || !RACE.test(error.stderr)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  };

  const remove = async (location: string): Promise<void> => {
    await withRetries(() =>
      runGit(["worktree", "remove", "--force", "--force", location], {
        cwd: repoRoot,
        okCodes: [128],
      }),
    );
    await rm(location, { recursive: true, force: true });
  };

  const checkout = async (root: string, startCommit: string): Promise<void> => {
    await git([...NO_HOOKS, "checkout", "--quiet", "--detach", "--force", startCommit], {
      cwd: root,
    });
  };

  const fresh = async (runId: string, startCommit: string): Promise<string> => {
    made++;
    const root = path.join(sandboxesDir, runId, `wt-${process.pid}-${made}`);
    await mkdir(path.dirname(root), { recursive: true });
    await rm(root, { recursive: true, force: true });
    await withRetries(() =>
      git([...NO_HOOKS, "worktree", "add", "--detach", "--quiet", root, startCommit], {
        cwd: repoRoot,
      }),
    );
    return root;
  };

  return {
    name: "worktree",
    async create(startCommit, options) {
      const reused = idle.get(options.runId)?.pop();
      let root: string;
      if (reused) {
        root = reused;
        await checkout(root, startCommit).catch(async () => {
          await remove(reused);
          root = await fresh(options.runId, startCommit);
        });
      } else {
        root = await fresh(options.runId, startCommit);
      }
      const sandbox: Sandbox = {
        root,
        driver: "worktree",
        exec: (command, execOptions = {}) =>
          runProcess(
            command,
            execOptions.cwd ? path.join(root, execOptions.cwd) : root,
            execOptions,
          ),
        async captureTree() {
          await git(["add", "-A", "--", "."], { cwd: root });
          return git(["write-tree"], { cwd: root });
        },
        async dispose() {
          try {
            await git(["reset", "--quiet", "--hard"], { cwd: root });
            await git(["clean", "-ffdxq"], { cwd: root });
            idle.set(options.runId, [...(idle.get(options.runId) ?? []), root]);
          } catch {
            await remove(root);
          }
        },
      };
      return sandbox;
    },
    removeLeftover: remove,
    async sweep(runId) {
      idle.delete(runId);
      const dir = path.join(sandboxesDir, runId);
      const left = await readdir(dir).catch(() => [] as string[]);
      for (const name of left) await remove(path.join(dir, name));
      await rm(dir, { recursive: true, force: true });
      await runGit(["worktree", "prune"], { cwd: repoRoot, okCodes: [128] });
      return left.length;
    },
  };
}
