import { runGit } from "../git/index.js";
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
