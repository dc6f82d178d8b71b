import type { ExecOptions, ExecResult } from "../core/sandbox-port.js";
import { spawnStreaming } from "../process/index.js";
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
  const onOutput = (_fd: 1 | 2, chunk: Buffer): void => options.onOutput?.(chunk);
  const child = spawnStreaming(
    {
      command: file,
      args,
      cwd,
      env: options.env ?? {},
      detached: true,
      input: options.input,
    },
    onOutput,
  );
  let pgid: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  let stopAsked = false;
  const stop = (): void => {
    stopAsked = true;
    if (pgid === undefined || killTimer) return;
    killGroup(pgid, "SIGTERM");
    killTimer = setTimeout(() => killGroup(pgid as number, "SIGKILL"), KILL_GRACE_MS);
    killTimer.unref();
  };
  const watch = watchForStop(options, stop);
  void child.started.then((pid) => {
    if (pid === undefined) return;
    pgid = pid;
    options.onSpawn?.(pid);
    // A timeout or a cancel that came before the pid did.
    if (stopAsked) stop();
  });
  return child.ended.then(async (end) => {
    await child.started;
    watch.release();
    // Children that outlived the shell would keep writing into a disposed sandbox.
    if (pgid !== undefined) killGroup(pgid, "SIGKILL");
    if (killTimer) clearTimeout(killTimer);
    if (end.error !== undefined)
      options.onOutput?.(
        Buffer.from(
          `armada: ${pgid === undefined ? `could not start ${file}: ` : ""}${end.error}\n`,
        ),
      );
    return {
      exitCode: end.error !== undefined ? 127 : end.code,
      signal: end.signal,
      timedOut: watch.timedOut,
      aborted: watch.aborted,
      durationMs: performance.now() - started,
    };
  });
}
