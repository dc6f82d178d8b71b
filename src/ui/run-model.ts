import {
  type AttemptRecord,
  addUsage,
  countByState,
  type MergeState,
  type RunRecord,
  type RunStore,
  type TaskKind,
  type TaskRecord,
  type TaskState,
  type Usage,
} from "../core/index.js";

/** What the dashboard shows of one task; kept current from the run's events. */
export interface TaskRow {
  id: string;
  seq: number;
  title: string;
  kind: TaskKind;
  state: TaskState;
  mergeState: MergeState;
  conflictPaths: string[];
  redos: number;
  attempt: number;
  startedAt: number | undefined;
  finishedAt: number | undefined;
  error: string | undefined;
  cancelRequested: boolean;
  /** Where the agent is in the current attempt: agent, checks, capture. */
  phase: string | undefined;
  /** The current attempt's log, and the last line it printed (working tasks only). */
  logPath: string | undefined;
  lastLine: string | undefined;
  /** The fleet worker of the current attempt, once one took it; undefined for local runs. */
  worker: string | undefined;
  /** Completed without changing anything: what the agent last said. */
  noChange:
    | string
    | undefined /** The tasks it waits for, and for a resolver the task whose conflict it resolves: the plan's graph. */;
  deps: string[];
  resolves: string | undefined;
}

/**
 * What the header shows of all the rows, kept in step with each row's changes: a frame, or a
 * page's update, then never counts a run's 100,000 rows.
 */
export interface RunTally {
  counts: Record<TaskState, number>;
  /** Results waiting for a redo, a resolver or the user. */
  conflicts: number;
  /** Completed tasks whose start and end are known, and their summed durations: the ETA's mean. */
  timed: number;
  timedMs: number;
  /** The working tasks. */
  active: Set<TaskRow>;
  /** The list's column widths: the longest task id and fleet worker name seen (columns never shrink). */
  longestId: number;
  longestWorker: number;
}

/** The parts of a row the tally counts, as they were before a change. */
export interface TalliedFacts {
  state: TaskState;
  mergeState: MergeState;
  durationMs: number | undefined;
}

export function talliedFacts(task: TaskRow): TalliedFacts {
  const timed =
    task.state === "completed" && task.startedAt !== undefined && task.finishedAt !== undefined;
  return {
    state: task.state,
    mergeState: task.mergeState,
    durationMs: timed ? (task.finishedAt as number) - (task.startedAt as number) : undefined,
  };
}

/** Moves the tally from what a row was (undefined: a new row) to what it is now. */
export function retally(model: RunModel, before: TalliedFacts | undefined, task: TaskRow): void {
  const { tally } = model;
  const after = talliedFacts(task);
  if (before) {
    tally.counts[before.state]--;
    if (before.mergeState === "conflict") tally.conflicts--;
    if (before.durationMs !== undefined) {
      tally.timed--;
      tally.timedMs -= before.durationMs;
    }
  }
  tally.counts[after.state]++;
  if (after.mergeState === "conflict") tally.conflicts++;
  if (after.durationMs !== undefined) {
    tally.timed++;
    tally.timedMs += after.durationMs;
  }
  if (after.state === "active") tally.active.add(task);
  else tally.active.delete(task);
  tally.longestId = Math.max(tally.longestId, task.id.length);
  tally.longestWorker = Math.max(tally.longestWorker, task.worker?.length ?? 0);
}

/**
 * The dashboard's picture of a run: loaded once from the store, then moved forward event by
 * event (`lastSeq` is the newest applied).
 */
export interface RunModel {
  run: RunRecord;
  /** In plan order (seq): resolvers and fix-ups come last, as the store adds them. */
  tasks: Map<string, TaskRow>;
  tally: RunTally;
  /** What the planner and the finished attempts spent on models; undefined when nothing did. */
  usage: Usage | undefined;
  /** The attempts already in `usage` (task and attempt number), so none is counted twice. */
  counted: Set<string>;
  /** Why the master starts no new task (budget reached, a failure every attempt would meet). */
  halted: string | undefined;
  lastSeq: number;
}

/** Adds the usage of a task's finished attempts that is not counted yet. */
export function countUsage(model: RunModel, attempts: AttemptRecord[]): void {
  for (const attempt of attempts) {
    const key = `${attempt.taskId}\0${attempt.n}`;
    if (!attempt.usage || model.counted.has(key)) continue;
    model.counted.add(key);
    model.usage = model.usage ? addUsage(model.usage, attempt.usage) : attempt.usage;
  }
}

export function taskRow(
  task: TaskRecord,
  attempt: Pick<AttemptRecord, "logPath" | "worker"> | undefined,
): TaskRow {
  return {
    id: task.id,
    seq: task.seq,
    title: task.title,
    kind: task.kind,
    state: task.state,
    mergeState: task.mergeState,
    conflictPaths: task.conflictPaths,
    redos: task.redos,
    attempt: task.attempts,
    startedAt: task.startedAt,
    finishedAt: task.finishedAt,
    error: task.error,
    cancelRequested: task.cancelRequested,
    phase: undefined,
    logPath: attempt?.logPath,
    lastLine: undefined,
    worker: attempt?.worker,
    noChange: undefined,
    deps: task.deps,
    resolves: task.resolves,
  };
}

/**
 * The one full read of a run: its record, tasks and attempts. The event seq is taken first:
 * a change that lands while the tables are read is then applied again from its event, which
 * is harmless because events carry absolute values.
 */
export function loadRunModel(store: RunStore, runId: string): RunModel {
  const lastSeq = store.lastEventSeq(runId);
  const run = store.getRun(runId);
  if (!run) throw new Error(`run ${runId} is not in the store`);
  const attempts = store.listAttempts(runId);
  const byNumber = new Map(attempts.map((a) => [`${a.taskId}\0${a.n}`, a]));
  const tasks = new Map<string, TaskRow>();
  for (const task of store.listTasks(runId)) {
    const last = byNumber.get(`${task.id}\0${task.attempts}`);
    const row = taskRow(task, last);
    if (task.state === "completed" && last && last.commit === last.startCommit)
      row.noChange = "(its log says why)";
    tasks.set(task.id, row);
  }
  const model: RunModel = {
    run,
    tasks,
    tally: {
      counts: countByState([]),
      conflicts: 0,
      timed: 0,
      timedMs: 0,
      active: new Set(),
      longestId: 4,
      longestWorker: 0,
    },
    usage: run.planUsage,
    counted: new Set(),
    halted: undefined,
    lastSeq,
  };
  for (const row of tasks.values()) retally(model, undefined, row);
  countUsage(model, attempts);
  return model;
}
