import { UsageError } from "../core/errors.js";
import type { SandboxDriver } from "../core/sandbox-port.js";
import { worktreeDriver } from "./worktree-driver.js";

export { runProcess } from "./run-process.js";
export { scrubbedEnv } from "./scrubbed-env.js";

export const SANDBOX_DRIVERS = ["worktree"] as const;

export function createSandboxDriver(
  name: string,
  repo: { root: string; gitDir: string },
): SandboxDriver {
  switch (name) {
    case "worktree":
      return worktreeDriver(repo.root, repo.gitDir);
    default:
      throw new UsageError(
        `Unknown sandbox "${name}". Available sandboxes: ${SANDBOX_DRIVERS.join(", ")}. Pick one with --sandbox.`,
      );
  }
}
