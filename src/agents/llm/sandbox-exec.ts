import { readFileSync } from "node:fs";
import type { Sandbox } from "../../core/sandbox-port.js";

const PATH_GUARD = readFileSync(new URL("./path-guard.sh", import.meta.url), "utf8");
export const GUARD_REFUSED = 90;

export interface Captured {
  exitCode: number | null;
  output: string;
  /** Bytes the cap left out. */
  omitted: number;
  timedOut: boolean;
  aborted: boolean;
}

export interface CaptureOptions {
  env: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  input?: string;
  /** Most bytes kept: the head only ("head"), or a quarter head and the rest tail ("ends"). */
  cap: number;
  keep?: "head" | "ends";
}

/** Runs a command in the sandbox and keeps a capped copy of what it printed. */
export async function captureExec(
  sandbox: Sandbox,
  command: string[],
  options: CaptureOptions,
): Promise<Captured> {
  const headCap = options.keep === "ends" ? Math.floor(options.cap / 4) : options.cap;
  const tailCap = options.cap - headCap;
  const head: Buffer[] = [];
  let headBytes = 0;
  let tail = Buffer.alloc(0);
  let total = 0;
  const result = await sandbox.exec(command, {
    env: options.env,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    ...(options.input !== undefined ? { input: options.input } : {}),
    onOutput: (chunk) => {
      total += chunk.length;
      const room = headCap - headBytes;
      if (room > 0) {
        head.push(chunk.subarray(0, room));
        headBytes += Math.min(room, chunk.length);
        chunk = chunk.subarray(room);
      }
      if (tailCap > 0 && chunk.length > 0) {
        tail = Buffer.concat([tail, chunk]);
        if (tail.length > tailCap) tail = tail.subarray(tail.length - tailCap);
      }
    },
  });
  const kept = headBytes + tail.length;
  const omitted = total - kept;
  const output =
    Buffer.concat(head).toString("utf8") +
    (omitted > 0 && tail.length > 0 ? `\n[... ${omitted} bytes omitted ...]\n` : "") +
    tail.toString("utf8");
  return {
    exitCode: result.exitCode,
    output,
    omitted,
    timedOut: result.timedOut,
    aborted: result.aborted,
  };
}

/** A shell command that runs `action` on "$1" once path-guard.sh has let the path through. */
export function guarded(action: string, path: string, ...args: string[]): string[] {
  return ["/bin/sh", "-c", `${PATH_GUARD}\n${action}`, "sh", path, ...args];
}
