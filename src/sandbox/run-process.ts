import { spawn } from "node:child_process";
import type { ExecOptions, ExecResult } from "../core/sandbox-port.js";
import { watchForStop } from "./stop-watch.js";

const KILL_GRACE_MS = 2000;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // The group is already gone.
  }
}

/**
 * Runs a command in its own process group so that a timeout or a cancel ends the agent and
 * everything it started (SIGTERM, then SIGKILL after a grace period).
 */
export function runProcess(
  command: string[],
  cwd: string,
  options: ExecOptions = {},
): Promise<ExecResult> {
  const [file, ...args] = command;
  if (!file) throw new Error("runProcess needs a command");
  const started = performance.now();
  return new Promise((resolve) => {
    let killTimer: NodeJS.Timeout | undefined;
    const child = spawn(file, args, {
      cwd,
      env: options.env ?? {},
      detached: true,
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on("error", () => {});
      child.stdin.end(options.input);
    }
    const pgid = child.pid;
    const stop = (): void => {
      if (pgid === undefined || killTimer) return;
      killGroup(pgid, "SIGTERM");
      killTimer = setTimeout(() => killGroup(pgid, "SIGKILL"), KILL_GRACE_MS);
      killTimer.unref();
    };
    if (pgid !== undefined) options.onSpawn?.(pgid);
    const onOutput = (chunk: Buffer): void => options.onOutput?.(chunk);
    child.stdout?.on("data", onOutput);
    child.stderr?.on("data", onOutput);
    const watch = watchForStop(options, stop);
    const finish = (exitCode: number | null, signal: string | null): void => {
      watch.release();
      // Children that outlived the shell would keep writing into a disposed sandbox.
      if (pgid !== undefined) killGroup(pgid, "SIGKILL");
      if (killTimer) clearTimeout(killTimer);
      resolve({
        exitCode,
        signal,
        timedOut: watch.timedOut,
        aborted: watch.aborted,
        durationMs: performance.now() - started,
      });
    };
    child.on("error", (error) => {
      onOutput(Buffer.from(`armada: could not start ${file}: ${error.message}\n`));
      finish(127, null);
    });
    child.on("close", finish);
  });
}
