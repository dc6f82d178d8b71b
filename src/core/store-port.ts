import type { Plan, TaskSpec } from "./plan.js";
import type {
  AttemptRecord,
  ResultRecord,
  RunEvent,
  RunOptions,
  RunRecord,
  TaskKind,
  TaskRecord,
  TaskState,
} from "./records.js";
import type { Usage } from "./usage.js";

export interface NewRun {
  id: string;
  plan: Plan;
  baseCommit: string;
  headCommit: string;
  headRef: string | undefined;
  options: RunOptions;
  planUsage?: Usage | undefined;
}

export interface RunTotals {
  counts: Record<TaskState, number>;
  usage: Usage | undefined;
}

export interface NewTask extends TaskSpec {
  kind: TaskKind;
  startFrom?: string | undefined;
  context?: string | undefined;
  resolves?: string | undefined;
}

type Patch<T> = { [K in keyof T]?: T[K] };

export type RunPatch = Patch<
  Pick<
    RunRecord,
    | "state"
    | "integrationCommit"
    | "checksState"
    | "applyState"
    | "error"
    | "masterPid"
    | "masterHost"
    | "heartbeatAt"
    | "cancelRequested"
    | "finishedAt"
    | "fixRounds"
    | "baseline"
    | "culprits"
    | "flaky"
    | "verified"
    | "setup"
  >
>;

export type TaskPatch = Patch<
  Pick<
    TaskRecord,
    | "state"
    | "attempts"
    | "mergeState"
    | "conflictPaths"
    | "error"
    | "startedAt"
    | "finishedAt"
    | "startFrom"
    | "context"
    | "redos"
    | "cancelRequested"
    | "retryRequested"
  >
>;

export interface TaskUpdate {
  taskId: string;
  patch: TaskPatch;
  event?: EventInput;
}

export type AttemptPatch = Patch<
  Pick<
    AttemptRecord,
    | "state"
    | "sandbox"
    | "pgid"
    | "worker"
    | "error"
    | "agentMs"
    | "usage"
    | "finishedAt"
    | "commit"
    | "metrics"
  >
>;

export interface EventInput {
  type: string;
  taskId?: string | undefined;
  data?: Record<string, unknown>;
}

/**
 * What the engine needs from persistence. Every state change goes with the event that tells
 * about it, written in one transaction, so readers of the event stream never miss a change.
 */
export interface RunStore {
  createRun(run: NewRun): RunRecord;
  getRun(id: string): RunRecord | undefined;
  listRuns(): RunRecord[];
  updateRun(id: string, patch: RunPatch, event?: EventInput): void;
  listTasks(runId: string): TaskRecord[];
  getTask(runId: string, taskId: string): TaskRecord | undefined;
  updateTask(runId: string, taskId: string, patch: TaskPatch, event?: EventInput): void;
  /** Many tasks' updates in one transaction: ending the queued tasks of a large run at once. */
  updateTasks(runId: string, updates: TaskUpdate[]): void;
  /** Adds a task to a running run (resolvers, fix-ups) after the plan's tasks. */
  addTask(runId: string, task: NewTask, event?: EventInput): TaskRecord;
  /** Tasks of the run someone asked to cancel alone that have not ended yet. */
  tasksAskedToCancel(runId: string): string[];
  /** Tasks of the run someone asked to run again. */
  tasksAskedToRetry(runId: string): string[];
  insertAttempt(attempt: AttemptRecord): void;
  updateAttempt(runId: string, taskId: string, n: number, patch: AttemptPatch): void;
  listAttempts(runId: string, taskId?: string): AttemptRecord[];
  saveResult(result: ResultRecord): void;
  getResult(runId: string, taskId: string): ResultRecord | undefined;
  listResults(runId: string): ResultRecord[];
  appendEvent(runId: string, event: EventInput): void;
  eventsAfter(runId: string, seq: number, limit?: number): RunEvent[];
  /** One task's events, oldest first. */
  taskEvents(runId: string, taskId: string): RunEvent[];
  /** Every run's events after `seq` (seqs are global), oldest first: what a dashboard of all runs follows. */
  eventsSince(seq: number, limit?: number): RunEvent[];
  /** How many of the run's tasks are in each state, and what its planner and attempts spent. */
  runTotals(runId: string): RunTotals;
  /**
   * The seq of the run's newest event, or of any run's without one (0 when none): where a
   * reader that loaded the state starts following.
   */
  lastEventSeq(runId?: string): number;
  deleteRun(id: string): void;
  close(): void;
}
