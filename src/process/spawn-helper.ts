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

export interface StreamRequest {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string | undefined>;
  /** Its own process group (and session), so that a signal to the group reaches all it starts. */
  detached: boolean;
  /** Written whole, then stdin closes. */
  input?: string | Buffer | undefined;
  /** Without input: stdin stays open until `endInput()` (otherwise there is none). */
  openInput?: boolean;
}

export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why it could not be started at all. */
  error?: string;
}

/** A process whose output arrives as it is written. */
export interface StreamedProcess {
  /** Its pid once started, or undefined when it could not be (then `ended` says why). */
  started: Promise<number | undefined>;
  /** When it has exited and its output has closed. */
  ended: Promise<ProcessEnd>;
  /** Writes to its stdin, which must have been left open (`openInput`). */
  write(data: string): void;
  endInput(): void;
  /** Whether waiting on it keeps this process alive (it does at first). */
  hold(held: boolean): void;
}

interface Stream {
  onOutput: (fd: 1 | 2, chunk: Buffer) => void;
  started: (pid: number | undefined) => void;
  ended: (end: ProcessEnd) => void;
  held: boolean;
}

interface Helper {
  child: ChildProcess;
  pending: Map<number, { resolve: (out: Spawned) => void; reject: (error: Error) => void }>;
  streams: Map<number, Stream>;
  next: number;
  held: boolean;
}

const HELPER = fileURLToPath(new URL("./spawn-helper.mjs", import.meta.url));
let enabled = false;
let running: Helper | undefined;

/**
 * From now on this process starts its processes (git, sandboxes' holders, agents) through a small
 * helper process: for long-lived processes that grow large, such as a run's master (issue 20). A
 * short command would pay the helper's start for nothing.
 */
export function startProcessesThroughHelper(): void {
  enabled = true;
}

/**
 * Lets the helper go once what it started has ended, and waits for its exit, so that it is
 * reaped here (and its processes' CPU time is counted as this process's children's).
 */
export async function stopProcessHelper(): Promise<void> {
  const helper = running;
  if (!helper) return;
  running = undefined;
  const exited = new Promise<void>((resolve) => helper.child.once("exit", () => resolve()));
  helper.child.stdin?.end();
  await exited;
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

/**
 * Runs a process whose output is wanted as it comes (an agent, a sandbox's holder), through the
 * helper when this process asked for one.
 */
export function spawnStreaming(
  request: StreamRequest,
  onOutput: (fd: 1 | 2, chunk: Buffer) => void,
): StreamedProcess {
  return enabled ? streamThroughHelper(request, onOutput) : streamDirectly(request, onOutput);
}

function streamDirectly(
  request: StreamRequest,
  onOutput: (fd: 1 | 2, chunk: Buffer) => void,
): StreamedProcess {
  const child = spawn(request.command, request.args, {
    cwd: request.cwd,
    env: request.env,
    detached: request.detached,
    stdio: [request.input === undefined && !request.openInput ? "ignore" : "pipe", "pipe", "pipe"],
  });
  const started = new Promise<number | undefined>((resolve) => {
    child.once("spawn", () => resolve(child.pid));
    child.once("error", () => resolve(undefined));
  });
  const ended = new Promise<ProcessEnd>((resolve) => {
    child.once("error", (error) => resolve({ code: null, signal: null, error: error.message }));
    child.once("close", (code, signal) => resolve({ code, signal }));
  });
  child.stdout?.on("data", (chunk: Buffer) => onOutput(1, chunk));
  child.stderr?.on("data", (chunk: Buffer) => onOutput(2, chunk));
  child.stdin?.on("error", () => {});
  if (request.input !== undefined) child.stdin?.end(request.input);
  return {
    started,
    ended,
    write: (data) => child.stdin?.write(data),
    endInput: () => child.stdin?.end(),
    hold(held) {
      for (const handle of [child, child.stdout, child.stderr]) {
        const refable = handle as (ChildProcess | Socket) | null;
        if (held) refable?.ref();
        else refable?.unref();
      }
    },
  };
}

// The helper must not keep this process alive when nothing waits on it.
function holdIfWaited(helper: Helper): void {
  let held = helper.pending.size > 0;
  for (const stream of helper.streams.values()) held ||= stream.held;
  if (held === helper.held) return;
  helper.held = held;
  for (const handle of [helper.child, helper.child.stdin, helper.child.stdout]) {
    const refable = handle as (ChildProcess | Socket) | null;
    if (held) refable?.ref();
    else refable?.unref();
  }
}

function startHelper(): Helper {
  const child = spawn(process.execPath, [HELPER], { stdio: ["pipe", "pipe", "inherit"] });
  const helper: Helper = { child, pending: new Map(), streams: new Map(), next: 0, held: true };
  const stopped = (why: string): void => {
    if (running === helper) running = undefined;
    const message = `armada's process helper (${HELPER}) stopped (${why}) while the processes it started ran; they failed, and the next one starts a new helper. If it keeps stopping, see the master's log for why.`;
    const error = new ArmadaError("spawn-helper", message);
    for (const waiting of helper.pending.values()) waiting.reject(error);
    helper.pending.clear();
    for (const stream of helper.streams.values()) {
      stream.started(undefined);
      stream.ended({ code: null, signal: null, error: message });
    }
    helper.streams.clear();
  };
  child.on("error", (error) => stopped(error.message));
  child.on("exit", (code, signal) => stopped(signal ?? `exit ${code}`));
  child.stdin?.on("error", () => {});
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
    const reply = JSON.parse(line) as {
      id: number;
      event?: "pid" | "out" | "exit" | "error";
      pid?: number;
      fd?: 1 | 2;
      data?: string;
      code?: number | null;
      signal?: NodeJS.Signals | null;
      stdout?: string;
      stderr?: string;
      error?: string;
    };
    if (reply.event) {
      streamEvent(helper, reply.id, reply);
      return;
    }
    const waiting = helper.pending.get(reply.id);
    if (!waiting) return;
    helper.pending.delete(reply.id);
    holdIfWaited(helper);
    if (reply.error !== undefined) waiting.reject(new SpawnFailed(reply.error));
    else
      waiting.resolve({
        code: reply.code ?? 1,
        stdout: Buffer.from(reply.stdout ?? "", "base64"),
        stderr: reply.stderr ?? "",
      });
  });
  holdIfWaited(helper);
  return helper;
}

function streamEvent(
  helper: Helper,
  id: number,
  event: {
    event?: string;
    pid?: number;
    fd?: 1 | 2;
    data?: string;
    code?: number | null;
    signal?: NodeJS.Signals | null;
    error?: string;
  },
): void {
  const stream = helper.streams.get(id);
  if (!stream) return;
  if (event.event === "pid") stream.started(event.pid);
  else if (event.event === "out")
    stream.onOutput(event.fd ?? 1, Buffer.from(event.data ?? "", "base64"));
  else {
    helper.streams.delete(id);
    holdIfWaited(helper);
    stream.started(undefined);
    stream.ended(
      event.event === "error"
        ? { code: null, signal: null, error: event.error ?? "could not be started" }
        : { code: event.code ?? null, signal: event.signal ?? null },
    );
  }
}

function send(helper: Helper, message: object): void {
  helper.child.stdin?.write(`${JSON.stringify(message)}\n`);
}

function throughHelper(request: SpawnRequest): Promise<Spawned> {
  running ??= startHelper();
  const helper = running;
  return new Promise((resolve, reject) => {
    const id = helper.next++;
    helper.pending.set(id, { resolve, reject });
    holdIfWaited(helper);
    send(helper, { ...request, id, input: Buffer.from(request.input).toString("base64") });
  });
}

function streamThroughHelper(
  request: StreamRequest,
  onOutput: (fd: 1 | 2, chunk: Buffer) => void,
): StreamedProcess {
  running ??= startHelper();
  const helper = running;
  const id = helper.next++;
  let started!: (pid: number | undefined) => void;
  let ended!: (end: ProcessEnd) => void;
  const startedPromise = new Promise<number | undefined>((resolve) => {
    started = resolve;
  });
  const endedPromise = new Promise<ProcessEnd>((resolve) => {
    ended = resolve;
  });
  const stream: Stream = { onOutput, started, ended, held: true };
  helper.streams.set(id, stream);
  holdIfWaited(helper);
  const { input, openInput, ...rest } = request;
  send(helper, {
    ...rest,
    id,
    stream: true,
    stdin: input === undefined && !openInput ? "ignore" : "pipe",
    input: input === undefined ? null : Buffer.from(input).toString("base64"),
  });
  return {
    started: startedPromise,
    ended: endedPromise,
    write: (data) => {
      if (helper.streams.has(id)) send(helper, { id, write: Buffer.from(data).toString("base64") });
    },
    endInput: () => {
      if (helper.streams.has(id)) send(helper, { id, end: true });
    },
    hold(held) {
      stream.held = held;
      holdIfWaited(helper);
    },
  };
}
