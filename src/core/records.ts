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

/** How many tasks are in each state. */
export function countByState(tasks: Iterable<{ state: TaskState }>): Record<TaskState, number> {
  const counts = Object.fromEntries(TASK_STATES.map((s) => [s, 0])) as Record<TaskState, number>;
  for (const task of tasks) counts[task.state]++;
  return counts;
}

/**
 * How a task's result reached the integration branch: `conflict` waits for a redo, a resolver
 * or the user; `resolved` means a resolver task merged it.
 */
export type MergeState = "pending" | "merged" | "conflict" | "resolved" | "skipped";

/** Plan tasks, and the tasks assembly adds: conflict resolvers and check fix-ups. */
export type TaskKind = "task" | "resolver" | "fixup";

export type ConflictPolicy = "redo" | "agent" | "stop";

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
  /** `refuse`: never touch a path the user changed; `merge`: merge three-way with their edits. */
  applyMode: "refuse" | "merge";
  /** Globs of files where `--apply=merge` may leave conflict markers. */
  allowMarkers: string[];
  envAllow: string[];
  onConflict: ConflictPolicy;
  /** How many times one task is redone on top of the integration state after conflicts. */
  conflictRetries: number;
  /** The command agent's template for resolver tasks (--on-conflict agent). */
  resolveCommand?: string | undefined;
  fixRounds: number;
  squash: boolean;
  /** Share of a task's files it may delete before the result is held suspicious (0..1). */
  maxDeleteShare: number;
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
  /** Agents that talk to an API of their own (agent CLIs): one attempt each goes first. */
  probeAgents?: string[] | undefined;
  /** `--require-green-base`: a check that already fails on the base stops the run first. */
  requireGreenBase?: boolean | undefined;
  /** `--require-change`: an attempt that changes nothing fails and is retried. */
  requireChange?: boolean | undefined;
  /**
   * When the run's checks judge the integration state: `end` (after assembly), or every
   * `verifyEvery` merges (1 = each), so a breaking result is caught and bisected in its batch.
   */
  verifyEvery?: number | undefined;
  /** `--attempts a,b`: the agent of each side-by-side attempt, in turn (over the task's agent). */
  attemptAgents?: string[] | undefined;
  /** `--attempts`: attempts of each task run side by side, the best kept. */
  bestOf?: number | undefined;
  /** The sandboxes' network: `none` (the default), `on`, or a Docker network. */
  network?: string | undefined;
  /** The docker sandbox's image. */
  image?: string | undefined;
  cpus?: number | undefined;
  /** Bytes of memory, of disk, per sandbox. */
  memory?: number | undefined;
  disk?: number | undefined;
  /** Ignored dependency folders shown in overlay sandboxes (node_modules by default). */
  deps?: string[] | undefined;
  /** The run's setup: its commands, where they come from, and the variables it gets. */
  setup?: SetupPlan | undefined;
  /** The Redis of the fleet the run dispatches through, as shown (no password); local when unset. */
  cloud?: string | undefined;
  /** Labels every attempt needs on the worker that takes it. */
  labels?: string[] | undefined;
  /** A folder every machine of the fleet mounts, for bundles too large for Redis. */
  bundleDir?: string | undefined;
}

export const DEFAULT_RUN_OPTIONS: Omit<RunOptions, "agent" | "sandbox"> = {
  concurrency: 4,
  timeoutMs: 600_000,
  retries: 1,
  scopePolicy: "warn",
  logLimit: 10 * 1024 * 1024,
  apply: true,
  applyMode: "refuse",
  allowMarkers: [],
  envAllow: [],
  onConflict: "redo",
  conflictRetries: 2,
  fixRounds: 2,
  squash: false,
  maxDeleteShare: 0.5,
};

/** A run check that failed on the base: the lines of its output that said what failed. */
export interface BaselineFailure {
  check: string;
  lines: string[];
  /** The failing test cases, when its output was a report armada reads. */
  tests?: string[] | undefined;
  /** Set by the checks after assembly: it still failed, the same way. */
  still?: boolean | undefined;
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
  /** Fix-up rounds used so far. */
  fixRounds: number;
  /** The run's checks that already failed on the base, and how; undefined until it ran. */
  baseline: BaselineFailure[] | undefined;
  /** Results that bisection found breaking a run check, in the order found. */
  culprits: Culprit[];
  /** Run checks that failed and then passed on the same tree. */
  flaky: string[];
  /** With --verify each|batch: the last integration state the checks passed on. */
  verified: VerifiedPoint | undefined;
  /** The run's setup, once it started. */
  setup: SetupRecord | undefined;
}

export interface SetupPlan {
  commands: string[];
  /** Where they come from: `--setup`, the plan, the configuration, or proposed from a lockfile. */
  from: string;
  /** Names of the user's variables setup gets. */
  env: string[];
  /** Setup reaches the network (its default; --no-setup-network cuts it off). */
  network: boolean;
}

/** How the run's setup went: the layer every sandbox shows, or why there is none. */
export interface SetupRecord {
  state: "running" | "built" | "cached" | "failed";
  key?: string | undefined;
  durationMs?: number | undefined;
  /** Tracked files setup changed: not part of the layer. */
  droppedTracked?: string[] | undefined;
  /** The top-most paths the layer holds (node_modules, .venv). */
  paths?: string[] | undefined;
  error?: string | undefined;
  log: string;
}

/** A result that broke run checks, found by bisecting the merge order. */
export interface Culprit {
  taskId: string;
  /** Its place in the merge order (1 = the first result merged). */
  position: number;
  /** Of how many results merged then. */
  of: number;
  checks: string[];
  /** An earlier result that breaks the checks only together with this one. */
  partner?: string | undefined;
  /** Check runs bisection used to find it. */
  probes: number;
}

export interface VerifiedPoint {
  commit: string;
  /** Results merged up to that point. */
  merges: number;
  at: number;
}

export interface TaskRecord extends TaskSpec {
  runId: string;
  seq: number;
  state: TaskState;
  attempts: number;
  mergeState: MergeState;
  conflictPaths: string[];
  kind: TaskKind;
  /** When set, attempts start here instead of at the deps' merged results (redo, resolver, fix-up). */
  startFrom: string | undefined;
  /** What the agent must know besides its instructions: a conflict, a failing check. */
  context: string | undefined;
  /** Redos after conflicts so far. */
  redos: number;
  /** For a resolver, the task whose conflict it resolves. */
  resolves: string | undefined;
  /** Someone asked to cancel this task alone (`armada cancel <run> <task>`, the dashboard). */
  cancelRequested: boolean;
  /** Someone asked to run this failed, cancelled or blocked task again (`armada retry`, the web page). */
  retryRequested: boolean;
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
  /** The fleet worker that runs (or ran) the attempt; undefined for local attempts. */
  worker: string | undefined;
  logPath: string;
  error: string | undefined;
  agentMs: number | undefined;
  /** The attempt's captured change, when it got that far. */
  commit: string | undefined;
  usage: Usage | undefined;
  /** Counts the agent reported (e.g. `type-debt`), when it reports any. */
  metrics: Record<string, number> | undefined;
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
