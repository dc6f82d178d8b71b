import type { Container } from "dockerode";
import type { ExecOptions, ExecResult } from "../core/sandbox-port.js";
import { watchForStop } from "./stop-watch.js";

const KILL_GRACE_MS = 2000;

/**
 * Splits Docker's multiplexed attach stream (8-byte frames: stream type, 3 zero bytes, a
 * big-endian length) into output chunks.
 */
function demux(onChunk: (chunk: Buffer) => void): (data: Buffer) => void {
  let pending = Buffer.alloc(0);
  return (data) => {
    pending = Buffer.concat([pending, data]);
    while (pending.length >= 8) {
      const size = pending.readUInt32BE(4);
      if (pending.length < 8 + size) return;
      onChunk(Buffer.from(pending.subarray(8, 8 + size)));
      pending = pending.subarray(8 + size);
    }
  };
}

export interface DockerExecTarget {
  container: Container;
  user: string;
  /** Sends a signal to every process of the sandbox's user (not the container's init). */
  signalAll(signal: "TERM" | "KILL"): Promise<void>;
}

/**
 * Runs a command in a container as the sandbox's user, with the port's semantics: output as
 * it comes, standard input, a timeout and a cancel that stop the command and whatever it
 * started (Docker cannot kill one exec, so the user's processes all get the signal).
 */
export async function dockerExec(
  target: DockerExecTarget,
  command: string[],
  workdir: string,
  env: string[],
  options: ExecOptions,
): Promise<ExecResult> {
  const started = performance.now();
  const withInput = options.input !== undefined;
  const exec = await target.container.exec({
    Cmd: command,
    Env: env,
    WorkingDir: workdir,
    User: target.user,
    AttachStdin: withInput,
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = (await exec.start({ hijack: true, stdin: withInput })) as NodeJS.ReadWriteStream;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (): void => {
    if (killTimer) return;
    void target.signalAll("TERM").catch(() => undefined);
    killTimer = setTimeout(
      () => void target.signalAll("KILL").catch(() => undefined),
      KILL_GRACE_MS,
    );
  };
  const watch = watchForStop(options, stop);
  try {
    await new Promise<void>((resolve, reject) => {
      stream.on(
        "data",
        demux((chunk) => options.onOutput?.(chunk)),
      );
      stream.once("end", resolve);
      stream.once("close", resolve);
      stream.once("error", reject);
      if (options.input !== undefined) stream.end(options.input);
    });
    // The stream can end a moment before the engine records the exit.
    let info = await exec.inspect();
    for (let tries = 0; info.Running && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      info = await exec.inspect();
    }
    return {
      exitCode: info.ExitCode,
      signal: null,
      timedOut: watch.timedOut,
      aborted: watch.aborted,
      durationMs: performance.now() - started,
    };
  } finally {
    watch.release();
    if (killTimer) clearTimeout(killTimer);
  }
}
