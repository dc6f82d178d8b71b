import { spawn } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import path from "node:path";

/**
 * Starts the run's master as a background process in its own session, so it survives the
 * terminal; its output goes to the run's master.log. `env` adds secrets it needs (the fleet's
 * URL), which never go on its command line.
 */
export function startDetachedMaster(
  repoRoot: string,
  runDir: string,
  runId: string,
  env: Record<string, string> = {},
): number {
  mkdirSync(runDir, { recursive: true });
  const out = openSync(path.join(runDir, "master.log"), "a");
  const cli = process.argv[1] ?? "";
  const child = spawn(
    process.execPath,
    [...process.execArgv, cli, "_master", runId, "--repo", repoRoot],
    {
      cwd: repoRoot,
      detached: true,
      stdio: ["ignore", out, out],
      env: { ...process.env, ...env },
    },
  );
  child.unref();
  return child.pid ?? 0;
}
