import { type ChildProcess, spawn } from "node:child_process";
import type { Socket } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { ArmadaError } from "../core/errors.js";

export interface Spawned {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export interface SpawnRequest {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  input: string | Buffer;
}

/** A process that could not be started at all (its program missing, its folder gone). */
export class SpawnFailed extends Error {}

interface Helper {
  child: ChildProcess;
  pending: Map<number, { resolve: (out: Spawned) => void; reject: (error: Error) => void }>;
  next: number;
}

const HELPER = fileURLToPath(new URL("./spawn-helper.mjs", import.meta.url));
let enabled = false;
let running: Helper | undefined;

/**
 * From now on this process starts short-lived processes (git) through a small helper process:
 * for long-lived processes that grow large, such as a run's master (issue 20). A short command
 * would pay the helper's start for nothing.
 */
export function startProcessesThroughHelper(): void {
  enabled = true;
}

/** Runs a process to its end, through the helper when this process asked for one. */
export function spawnToEnd(request: SpawnRequest): Promise<Spawned> {
  return enabled ? throughHelper(request) : directly(request);
}

function directly(request: SpawnRequest): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(request.command, request.args, {
      cwd: request.cwd,
      env: request.env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) => reject(new SpawnFailed(error.message)));
    child.on("close", (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
    child.stdin.on("error", () => {});
    child.stdin.end(request.input);
  });
}

// The helper must not keep this process alive when nothing waits on it.
function hold(helper: Helper, held: boolean): void {
  for (const handle of [helper.child, helper.child.stdin, helper.child.stdout]) {
    const refable = handle as (ChildProcess | Socket) | null;
    if (held) refable?.ref();
    else refable?.unref();
  }
}

function startHelper(): Helper {
  const child = spawn(process.execPath, [HELPER], { stdio: ["pipe", "pipe", "inherit"] });
  const helper: Helper = { child, pending: new Map(), next: 0 };
  const stopped = (why: string): void => {
    if (running === helper) running = undefined;
    const error = new ArmadaError(
      "spawn-helper",
      `armada's process helper (${HELPER}) stopped (${why}) while git commands ran; they failed, and the next one starts a new helper. If it keeps stopping, see the master's log for why.`,
    );
    for (const waiting of helper.pending.values()) waiting.reject(error);
    helper.pending.clear();
  };
  child.on("error", (error) => stopped(error.message));
  child.on("exit", (code, signal) => stopped(signal ?? `exit ${code}`));
  child.stdin?.on("error", () => {});
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const reply = JSON.parse(line) as {
      id: number;
      code?: number;
      stdout?: string;
      stderr?: string;
      error?: string;
    };
    const waiting = helper.pending.get(reply.id);
    if (!waiting) return;
    helper.pending.delete(reply.id);
    if (helper.pending.size === 0) hold(helper, false);
    if (reply.error !== undefined) waiting.reject(new SpawnFailed(reply.error));
    else
      waiting.resolve({
        code: reply.code ?? 1,
        stdout: Buffer.from(reply.stdout ?? "", "base64"),
        stderr: reply.stderr ?? "",
      });
  });
  hold(helper, false);
  return helper;
}

function throughHelper(request: SpawnRequest): Promise<Spawned> {
  running ??= startHelper();
  const helper = running;
  return new Promise((resolve, reject) => {
    const id = helper.next++;
    helper.pending.set(id, { resolve, reject });
    if (helper.pending.size === 1) hold(helper, true);
    const input = Buffer.from(request.input).toString("base64");
    helper.child.stdin?.write(`${JSON.stringify({ ...request, id, input })}\n`);
  });
}
