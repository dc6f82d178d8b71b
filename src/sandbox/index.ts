import { UsageError } from "../core/errors.js";
import type { SandboxDriver, SandboxSettings } from "../core/sandbox-port.js";
import { checkDocker, dockerDriver } from "./docker-driver.js";
import { overlayDriver, overlayTools } from "./overlay-driver.js";
import { overlaySupported } from "./overlay-support.js";
import { worktreeDriver } from "./worktree-driver.js";

export { DEFAULT_IMAGE } from "./docker-engine.js";
export { overlaySupported } from "./overlay-support.js";
export { runProcess } from "./run-process.js";
export { SandboxUnavailableError } from "./sandbox-unavailable-error.js";
export { scrubbedEnv } from "./scrubbed-env.js";
export { worktreeHome } from "./worktree-home.js";

export const SANDBOX_DRIVERS = ["overlay", "worktree", "docker"] as const;

export const DEFAULT_SANDBOX_SETTINGS: SandboxSettings = {
  network: "none",
  deps: ["node_modules"],
};

type Repo = { root: string; gitDir: string };

/** Settings a driver cannot enforce are refused rather than silently ignored. */
function checkSettings(name: string, settings: SandboxSettings): void {
  const given = (flags: [string, unknown][]): string[] =>
    flags.filter(([, value]) => value !== undefined).map(([flag]) => flag);
  if (name === "worktree") {
    const extra = given([
      ["--image", settings.image],
      ["--cpus", settings.cpus],
      ["--memory", settings.memory],
      ["--disk", settings.disk],
    ]);
    if (extra.length > 0) {
      throw new UsageError(
        `${extra.join(", ")} cannot apply to worktree sandboxes, which isolate nothing: use --sandbox overlay or --sandbox docker.`,
      );
    }
  }
  if (name === "overlay") {
    const extra = given([
      ["--image", settings.image],
      ["--cpus", settings.cpus],
      ["--memory", settings.memory],
    ]);
    if (extra.length > 0) {
      throw new UsageError(
        `${extra.join(", ")} ${extra.length > 1 ? "are" : "is"} for docker sandboxes (overlay sandboxes take --network and --disk): use --sandbox docker.`,
      );
    }
    if (!["none", "on", "host"].includes(settings.network)) {
      throw new UsageError(
        `--network ${settings.network}: overlay sandboxes either have no network or the host's (--network alone); named networks are Docker's.`,
      );
    }
  }
}

export function createSandboxDriver(
  name: string,
  repo: Repo,
  settings: SandboxSettings = DEFAULT_SANDBOX_SETTINGS,
): SandboxDriver {
  checkSettings(name, settings);
  switch (name) {
    case "worktree":
      return worktreeDriver(repo.root, repo.gitDir, settings.layer);
    case "overlay":
      return overlayDriver(repo, settings);
    case "docker":
      return dockerDriver(repo, settings);
    default:
      throw new UsageError(
        `Unknown sandbox "${name}". Available sandboxes: ${SANDBOX_DRIVERS.join(", ")}. Pick one with --sandbox.`,
      );
  }
}

/**
 * Fails before a run starts when its sandboxes cannot: a setting the driver cannot enforce,
 * a kernel without unprivileged overlays, no Docker engine, an image that is not there.
 */
export async function checkSandbox(
  name: string,
  repo: Repo,
  settings: SandboxSettings,
): Promise<void> {
  createSandboxDriver(name, repo, settings);
  if (name === "overlay") overlayTools(repo.gitDir, settings);
  if (name === "docker") await checkDocker(settings);
}

/**
 * The sandbox a run gets when none is named: overlay where this machine allows it (cheap and
 * isolating), otherwise worktree, with a one-line warning saying why.
 */
export function defaultSandbox(gitDir: string): { name: "overlay" | "worktree"; warning?: string } {
  const support = overlaySupported(gitDir);
  if (support.ok) return { name: "overlay" };
  return {
    name: "worktree",
    warning: `overlay sandboxes are not available (${support.reason}); using worktree sandboxes, which do not isolate agents. Pass --sandbox worktree to silence this, or --sandbox docker.`,
  };
}
