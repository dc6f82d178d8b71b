import type { ExecOptions, ExecResult, SetupSpec } from "../core/sandbox-port.js";
import { SetupFailedError } from "./setup-failed-error.js";

/**
 * What the error keeps of the failing command's output: its start (where tools such as npm
 * put the reason, before pages of usage) and its end.
 */
const HEAD_BYTES = 16 * 1024;
const TAIL_BYTES = 32 * 1024;
const HEAD_LINES = 15;
const TAIL_LINES = 40;

type Exec = (command: string[], options: ExecOptions) => Promise<ExecResult>;

/** One command's output, kept as its first and last bytes. */
function outputKeeper() {
  let head = Buffer.alloc(0);
  let tail = Buffer.alloc(0);
  let dropped = false;
  return {
    add(chunk: Buffer): void {
      if (head.length < HEAD_BYTES) {
        const room = HEAD_BYTES - head.length;
        head = Buffer.concat([head, chunk.subarray(0, room)]);
        chunk = chunk.subarray(room);
      }
      tail = Buffer.concat([tail, chunk]);
      if (tail.length > 2 * TAIL_BYTES) {
        tail = tail.subarray(tail.length - TAIL_BYTES);
        dropped = true;
      }
    },
    /** Whole when short; otherwise its first lines, a mark, and its last lines. */
    text(): string {
      const lines = (text: string): string[] => text.trimEnd().split("\n");
      if (!dropped) {
        const all = lines(Buffer.concat([head, tail]).toString("utf8"));
        if (all.length <= HEAD_LINES + TAIL_LINES) return all.join("\n");
        const skipped = all.length - HEAD_LINES - TAIL_LINES;
        return [
          ...all.slice(0, HEAD_LINES),
          `[... ${skipped} lines ...]`,
          ...all.slice(-TAIL_LINES),
        ].join("\n");
      }
      return [
        ...lines(head.toString("utf8")).slice(0, HEAD_LINES),
        "[...]",
        ...lines(tail.toString("utf8")).slice(-TAIL_LINES),
      ].join("\n");
    },
  };
}

/**
 * Runs setup's commands one after the other through `exec` (a sandbox's), each in a shell in
 * the codebase's top folder, within one time limit for them all. Throws a SetupFailedError
 * with the failing command's output (its start and end when long) at the first that fails,
 * times out or is cancelled.
 */
export async function runSetup(exec: Exec, spec: SetupSpec): Promise<void> {
  const deadline = performance.now() + spec.timeoutMs;
  for (const command of spec.commands) {
    const kept = outputKeeper();
    const output = (chunk: Buffer): void => {
      spec.onOutput?.(chunk);
      kept.add(chunk);
    };
    output(Buffer.from(`$ ${command}\n`));
    if (spec.signal?.aborted) {
      throw new SetupFailedError(command, { failure: "cancelled", exitCode: null }, kept.text());
    }
    const result = await exec(["/bin/sh", "-c", command], {
      env: spec.env,
      timeoutMs: Math.max(1, Math.round(deadline - performance.now())),
      network: spec.network,
      onOutput: output,
      ...(spec.signal ? { signal: spec.signal } : {}),
    });
    if (result.exitCode === 0 && !result.timedOut && !result.aborted) continue;
    const failure = result.timedOut ? "timed-out" : result.aborted ? "cancelled" : "failed";
    throw new SetupFailedError(
      command,
      { failure, exitCode: result.exitCode, timeoutMs: spec.timeoutMs },
      kept.text(),
    );
  }
}
