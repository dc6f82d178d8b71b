import { UsageError } from "../core/errors.js";
import type { SandboxDriver, SandboxSettings } from "../core/sandbox-port.js";
import { overlayDriver } from "./overlay-driver.js";
import { worktreeDriver } from "./worktree-driver.js";

export { overlaySupported } from "./overlay-support.js";
export { runProcess } from "./run-process.js";
export { SandboxUnavailableError } from "./sandbox-unavailable-error.js";
export { scrubbedEnv } from "./scrubbed-env.js";

export const SANDBOX_DRIVERS = ["overlay", "worktree", "docker"] as const;

export const DEFAULT_SANDBOX_SETTINGS: SandboxSettings = {
  network: "none",
  deps: ["node_modules"],
};

export function createSandboxDriver(
  name: string,
  repo: { root: string; gitDir: string },
  settings: SandboxSettings = DEFAULT_SANDBOX_SETTINGS,
): SandboxDriver {
  switch (name) {
    case "worktree":
      return worktreeDriver(repo.root, repo.gitDir);
    case "overlay":
      return overlayDriver(repo, settings);
    default:
      throw new UsageError(
        `Unknown sandbox "${name}". Available sandboxes: ${SANDBOX_DRIVERS.join(", ")}. Pick one with --sandbox.`,
      );
  }
}
