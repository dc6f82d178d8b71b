import type { TaskSpec } from "./plan.js";
import type { Usage } from "./usage.js";

export type RunState =
  | "running"
  | "checking"
  | "syncing"
  | "completed"
  | "failed"
  | "cancelled"
  | "interrupted";

export const FINISHED_RUN_STATES: readonly RunState[] = ["completed", "failed", "cancelled"];

export type TaskState = "queued" | "active" | "completed" | "failed" | "blocked" | "cancelled";

export const TASK_STATES: readonly TaskState[] = [
  "queued",
  "active",
  "completed",
  "failed",
  "blocked",
  "cancelled",
];

export type MergeState = "pending" | "merged" | "conflict" | "skipped";

export type ApplyState = "applied" | "refused" | "skipped" | "nothing";

export interface RunOptions {
  concurrency: number;
  timeoutMs: number;
  retries: number;
  agent: string;
  agentCommand?: string | undefined;
  sandbox: string;
  scopePolicy: "warn" | "strict";
  logLimit: number;
  apply: boolean;
  envAllow: string[];
  /** `provider:model` of the llm agent (and of cli agents that take a model); never a key. */
  model?: string | undefined;
  /** The server of an OpenAI-compatible provider. */
  baseUrl?: string | undefined;
  maxSteps?: number | undefined;
  fixTurns?: number | undefined;
  /** No new task starts once the run has spent this much (planning included). */
  budgetUsd?: number | undefined;
  /** Requests and tokens per minute per provider, shared by all sub-agents of the master. */
  rpm?: number | undefined;
  tpm?: number | undefined;
}

export interface RunRecord {
  id: string;
  objective: string;
  state: RunState;
  baseCommit: string;
  headCommit: string;
  headRef: string | undefined;
  integrationCommit: string;
  options: RunOptions;
  checks: string[];
  conventions: string | undefined;
  /** What the master spent making the plan. */
  planUsage: Usage | undefined;
  checksState: "passed" | "failed" | undefined;
  applyState: ApplyState | undefined;
  error: string | undefined;
  masterPid: number | undefined;
  masterHost: string | undefined;
  heartbeatAt: number | undefined;
  cancelRequested: boolean;
  createdAt: number;
  finishedAt: number | undefined;
}

export interface TaskRecord extends TaskSpec {
  runId: string;
  seq: number;
  state: TaskState;
  attempts: number;
  mergeState: MergeState;
  conflictPaths: string[];
  error: string | undefined;
  startedAt: number | undefined;
  finishedAt: number | undefined;
}

export interface AttemptRecord {
  runId: string;
  taskId: string;
  n: number;
  state: "running" | "succeeded" | "failed" | "timeout" | "cancelled" | "interrupted";
  startCommit: string;
  sandbox: string | undefined;
  pgid: number | undefined;
  logPath: string;
  error: string | undefined;
  agentMs: number | undefined;
  usage: Usage | undefined;
  startedAt: number;
  finishedAt: number | undefined;
}

export interface ResultRecord {
  runId: string;
  taskId: string;
  attempt: number;
  commit: string;
  startCommit: string;
  changed: string[];
  outOfScope: string[];
}

export interface RunEvent {
  seq: number;
  runId: string;
  taskId: string | undefined;
  type: string;
  data: Record<string, unknown>;
  at: number;
}
