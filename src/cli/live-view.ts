import { runGit } from "../git/index.js";
import type { DashboardHandle, DashboardOptions } from "../ui/index.js";
import type { Context } from "./context.js";

/**
 * Whether to show the live dashboard: only on an interactive terminal, and not in CI, where
 * Ink would hold back every frame but the last; elsewhere plain lines.
 */
export function wantsDashboard(json: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = ["CI", "CONTINUOUS_INTEGRATION"].some(
    (name) => env[name] !== undefined && env[name] !== "0" && env[name] !== "false",
  );
  return (
    !json && Boolean(process.stdout.isTTY && process.stdin.isTTY) && env.TERM !== "dumb" && !ci
  );
}

/** The dashboard's `d`: one task's change as `git diff` text. */
export function diffTextIn(ctx: Context): (from: string, to: string) => Promise<string> {
  return async (from, to) =>
    (await runGit(["diff", "-M", "--no-color", from, to], { cwd: ctx.repo.root })).stdout;
}

/**
 * Loads the dashboard (React and Ink) only when it is shown: other commands start faster, and
 * React can be told first to use its production build, which renders several times cheaper
 * than the development one it picks when NODE_ENV is unset. React reads NODE_ENV once, as it
 * loads; the variable is then put back, so nothing armada starts later (a sandbox given
 * `--env NODE_ENV`) sees a value the user did not set.
 */
export async function showDashboard(options: DashboardOptions): Promise<DashboardHandle> {
  const unset = process.env.NODE_ENV === undefined;
  if (unset) process.env.NODE_ENV = "production";
  try {
    const ui = await import("../ui/index.js");
    return ui.showDashboard(options);
  } finally {
    if (unset) delete process.env.NODE_ENV;
  }
}
