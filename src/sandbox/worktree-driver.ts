import { mkdir, readdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Sandbox, SandboxDriver } from "../core/sandbox-port.js";
import { git, runGit } from "../git/index.js";
import { runProcess } from "./run-process.js";

/**
 * One git worktree per attempt under `$GIT_DIR/armada/sandboxes/`: portable, costs a checkout.
 * Git inside it works (status and diff show the task's own changes).
 */
export function worktreeDriver(repoRoot: string, gitDir: string): SandboxDriver {
  const sandboxesDir = path.join(gitDir, "armada", "sandboxes");

  const remove = async (location: string): Promise<void> => {
    await runGit(["worktree", "remove", "--force", "--force", location], {
      cwd: repoRoot,
      okCodes: [128],
    });
    await rm(location, { recursive: true, force: true });
    await runGit(["worktree", "prune"], { cwd: repoRoot, okCodes: [128] });
  };

  return {
    name: "worktree",
    async create(startCommit, options) {
      const root = path.join(sandboxesDir, options.runId, options.name);
      await mkdir(path.dirname(root), { recursive: true });
      await rm(root, { recursive: true, force: true });
      // The user's post-checkout hooks are theirs, not the sandbox's.
      await git(
        [
          "-c",
          "core.hooksPath=/dev/null",
          "worktree",
          "add",
          "--detach",
          "--quiet",
          root,
          startCommit,
        ],
        {
          cwd: repoRoot,
        },
      );
      const sandbox: Sandbox = {
        root,
        location: root,
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
        dispose: () => remove(root),
      };
      return sandbox;
    },
    removeLeftover: remove,
    async sweep(runId) {
      const dir = path.join(sandboxesDir, runId);
      const left = await readdir(dir).catch(() => [] as string[]);
      for (const name of left) await remove(path.join(dir, name));
      await rm(dir, { recursive: true, force: true });
      return left.length;
    },
  };
}
