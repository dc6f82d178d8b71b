/**
 * What the web dashboard's server sends its page: plain JSON, the same types on both sides.
 * The page imports this file for its types only, so nothing here may import node modules; the
 * states come from the store's records, so the page follows when one is added.
 *
 * Routes (every one needs the token: `?token=` once, then the cookie it sets, or
 * `Authorization: Bearer <token>`):
 *   GET  /api/runs                              RunList
 *   GET  /api/runs/stream                       server-sent events: `runs` with a RunList
 *   GET  /api/runs/:run                         RunSnapshot
 *   GET  /api/runs/:run/stream                  server-sent events: `change` with a RunChange
 *                                               (id = event seq; Last-Event-ID or ?after= resumes),
 *                                               `reset` when the page must load the snapshot again
 *   GET  /api/runs/:run/diff                    DiffText of the assembled change
 *   GET  /api/runs/:run/tasks/:task             TaskDetail
 *   GET  /api/runs/:run/tasks/:task/diff        DiffText of the task's result
 *   GET  /api/runs/:run/tasks/:task/log?attempt=n
 *                                               server-sent events: `chunk` (LogChunk, id = byte
 *                                               offset; Last-Event-ID resumes), `end` once the
 *                                               attempt ended and all of its log was sent
 *   GET  /api/runs/:run/tasks/:task/transcript?attempt=n   Transcript
 *   POST /api/runs/:run/cancel                  ActionResult
 *   POST /api/runs/:run/apply     {merge?}      ActionResult
 *   POST /api/runs/:run/tasks/:task/cancel      ActionResult
 *   POST /api/runs/:run/tasks/:task/retry       ActionResult
 * Errors: a 4xx/5xx status with ApiError.
 */

import type { MergeState, RunState, TaskKind, TaskState } from "../core/records.js";

export type { MergeState, RunState, TaskKind, TaskState };

export interface UsageView {
  inputTokens: number;
  outputTokens: number;
  /** Absent when a model without a known price was used. */
  costUsd?: number | undefined;
}

export interface RunListItem {
  id: string;
  objective: string;
  state: RunState;
  createdAt: number;
  finishedAt?: number | undefined;
  total: number;
  counts: Record<TaskState, number>;
  costUsd?: number | undefined;
  /** The run's master is running it now (foreground, detached or resumed). */
  live: boolean;
}

export interface RunList {
  runs: RunListItem[];
}

export interface WorkerView {
  name: string;
  /** Attempts it runs now. */
  active: number;
}

export interface CheckRound {
  at: number;
  passed: boolean;
  /** Checks that failed because of the run (regressions). */
  failures: string[];
  /** Checks that failed on the base already, the same way. */
  preExisting: string[];
  flaky: string[];
  /** The checks' output, at most 64 KiB of its end. */
  output?: string | undefined;
}

export interface BaselineView {
  check: string;
  lines: string[];
  tests?: string[] | undefined;
  still?: boolean | undefined;
}

export interface SetupView {
  state: "running" | "built" | "cached" | "failed";
  commands: string[];
  durationMs?: number | undefined;
  paths?: string[] | undefined;
  error?: string | undefined;
  /** Its log, at most 64 KiB of its end. */
  output: string;
}

export interface CulpritView {
  taskId: string;
  position: number;
  of: number;
  checks: string[];
  partner?: string | undefined;
}

export interface ConflictView {
  taskId: string;
  at: number;
  paths: string[];
  /** What was done about it: redone on top of the others, a resolver task, or the run stopped. */
  outcome: "redo" | "resolver" | "resolved" | "waiting";
  /** The resolver task, when one was added. */
  resolver?: string | undefined;
}

/** The header of the run: what the terminal dashboard shows above its list. */
export interface RunView {
  id: string;
  objective: string;
  state: RunState;
  createdAt: number;
  finishedAt?: number | undefined;
  /** Estimated time left, in ms; absent until a task finished or when nothing is left. */
  etaMs?: number | undefined;
  total: number;
  counts: Record<TaskState, number>;
  /** Results waiting for a redo, a resolver or the user. */
  conflicts: number;
  usage?: UsageView | undefined;
  budgetUsd?: number | undefined;
  /** Why no new task starts (budget reached, a failure every attempt would meet). */
  halted?: string | undefined;
  live: boolean;
  masterPid?: number | undefined;
  masterHost?: string | undefined;
  agent: string;
  sandbox: string;
  concurrency: number;
  /** The fleet's Redis as shown (no password); absent for local runs. */
  fleet?: string | undefined;
  workers: WorkerView[];
  checks: string[];
  checksState?: "passed" | "failed" | undefined;
  applyState?: "applied" | "refused" | "skipped" | "nothing" | undefined;
  error?: string | undefined;
  cancelRequested: boolean;
  baseCommit: string;
  integrationCommit: string;
}

export interface TaskView {
  id: string;
  seq: number;
  title: string;
  kind: TaskKind;
  state: TaskState;
  mergeState: MergeState;
  deps: string[];
  conflictPaths: string[];
  redos: number;
  attempt: number;
  startedAt?: number | undefined;
  finishedAt?: number | undefined;
  error?: string | undefined;
  cancelRequested: boolean;
  /** Where the current attempt is: agent, checks, capture. */
  phase?: string | undefined;
  /** The last line the working attempt's log printed. */
  lastLine?: string | undefined;
  worker?: string | undefined;
  /** Completed without a change: what the agent last said. */
  noChange?: string | undefined;
  /** For a resolver, the task whose conflict it resolves. */
  resolves?: string | undefined;
}

export interface RunSnapshot {
  /** The newest event applied: follow the stream from here. */
  seq: number;
  run: RunView;
  /** In plan order. */
  tasks: TaskView[];
  conflicts: ConflictView[];
  checkRounds: CheckRound[];
  baseline?: BaselineView[] | undefined;
  setup?: SetupView | undefined;
  culprits: CulpritView[];
}

/** What changed since the last message: the run's header and the tasks that moved, whole. */
export interface RunChange {
  seq: number;
  run: RunView;
  tasks: TaskView[];
  /** Present when they changed. */
  conflicts?: ConflictView[] | undefined;
  checkRounds?: CheckRound[] | undefined;
  baseline?: BaselineView[] | undefined;
  setup?: SetupView | undefined;
  culprits?: CulpritView[] | undefined;
}

export interface AttemptView {
  n: number;
  state: "running" | "succeeded" | "failed" | "timeout" | "cancelled" | "interrupted";
  startedAt: number;
  finishedAt?: number | undefined;
  agentMs?: number | undefined;
  error?: string | undefined;
  worker?: string | undefined;
  usage?: UsageView | undefined;
  startCommit: string;
  commit?: string | undefined;
  /** It kept a conversation (model and agent-CLI agents): GET .../transcript?attempt=n. */
  hasTranscript: boolean;
}

/** One line of the task's history, as `armada logs <run>` prints it. */
export interface TaskEventView {
  seq: number;
  at: number;
  type: string;
  text: string;
}

export interface TaskDetail {
  task: TaskView;
  instructions: string;
  files: string[];
  checks: string[];
  agent?: string | undefined;
  context?: string | undefined;
  attempts: AttemptView[];
  result?:
    | {
        attempt: number;
        startCommit: string;
        commit: string;
        changed: string[];
        outOfScope: string[];
      }
    | undefined;
  events: TaskEventView[];
}

export interface LogChunk {
  attempt: number;
  text: string;
}

export interface DiffText {
  from: string;
  to: string;
  /** `git diff` output (unified, with `diff --git` headers); empty when nothing changed. */
  text: string;
  /** The diff was longer than the server sends (2 MiB); `text` is its start. */
  truncated: boolean;
}

export type TranscriptPart =
  | { type: "text" | "reasoning"; text: string }
  | { type: "tool-call"; toolName: string; input: unknown }
  | {
      type: "tool-result";
      toolName: string;
      output: { type: string; value: unknown };
    }
  | { type: string };

export interface Transcript {
  model: string;
  task: string;
  attempt: number;
  system: string;
  messages: { role: string; content: string | TranscriptPart[] }[];
  usage: UsageView;
  outcome: string | null;
}

export interface ActionResult {
  message: string;
}

export interface ApiError {
  error: string;
}
