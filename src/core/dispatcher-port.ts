import type { TaskSpec } from "./plan.js";
import type { Usage } from "./usage.js";

/** Everything needed to execute one attempt, serialisable so it can travel to a worker. */
export interface AttemptSpec {
  runId: string;
  objective: string;
  task: TaskSpec;
  attempt: number;
  startCommit: string;
  /** The files of the start commit matched by the task's scope. */
  files: string[];
  previousFailure?: string | undefined;
  /** What the agent must know besides its instructions: a conflict to avoid, a failing check. */
  context?: string | undefined;
  agent: string;
  agentCommand?: string | undefined;
  /** The model of agents that use one, as `provider:model`. */
  model?: string | undefined;
  /** The server of an OpenAI-compatible provider (an address, never a key). */
  baseUrl?: string | undefined;
  /** The llm agent's bounds: model steps per attempt, rounds of fixing failed checks. */
  maxSteps?: number | undefined;
  fixTurns?: number | undefined;
  /** The planner's summary of the repository's conventions. */
  conventions?: string | undefined;
  sandbox: string;
  timeoutMs: number;
  logPath: string;
  logLimit: number;
  scopePolicy: "warn" | "strict";
  /** Share of the start's files the task may delete before its result is held suspicious. */
  maxDeleteShare: number;
  /** An attempt that changes nothing fails instead of succeeding with no change. */
  requireChange?: boolean | undefined;
  /** Names of extra environment variables passed into the sandbox. */
  envAllow: string[];
  /** One of side-by-side attempts, ranked by the size of their change (lines, which git counts). */
  ranked?: boolean | undefined;
}

export type AttemptState = "succeeded" | "failed" | "timeout" | "cancelled";

export interface AttemptResult {
  state: AttemptState;
  /** The result commit (parent: startCommit); equal to startCommit when nothing changed. */
  commit?: string | undefined;
  changed: string[];
  outOfScope: string[];
  error?: string | undefined;
  logTail: string;
  agentMs: number;
  metrics?: Record<string, number> | undefined;
  usage?: Usage | undefined;
  /** Lines added plus deleted by the result: best-of-N keeps the smallest passing change. */
  changeSize?: number | undefined;
  /** Set when the attempt succeeded without changing anything: the agent's last words. */
  noChange?: string | undefined;
  /** The failure would repeat for every attempt: the run stops starting new ones. */
  fatal?: boolean;
}

export type AttemptProgress =
  | { kind: "sandbox"; location: string }
  | { kind: "process"; pgid: number }
  /** A remote worker took the attempt; the local dispatcher never sends it. */
  | { kind: "worker"; name: string }
  | { kind: "phase"; phase: "agent" | "checks" | "capture" | "rate-limited" }
  /** The agent's model API answered it for the first time: its key and endpoint work. */
  | { kind: "answered" };

export interface AttemptHooks {
  signal: AbortSignal;
  onProgress: (progress: AttemptProgress) => void;
  /** What the attempt writes to its log, as it is written. */
  onLog?: ((chunk: Buffer) => void) | undefined;
}

/** Where attempts execute: a local pool, or a queue of workers. */
export interface Dispatcher {
  start(spec: AttemptSpec, hooks: AttemptHooks): Promise<AttemptResult>;
  close(): Promise<void>;
}
