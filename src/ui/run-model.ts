import {
  type AttemptRecord,
  addUsage,
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
  noChange: string | undefined;
}

/**
 * The dashboard's picture of a run: loaded once from the store, then moved forward event by
 * event (`lastSeq` is the newest applied).
 */
export interface RunModel {
  run: RunRecord;
  /** In plan order (seq): resolvers and fix-ups come last, as the store adds them. */
  tasks: Map<string, TaskRow>;
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
    usage: run.planUsage,
    counted: new Set(),
    halted: undefined,
    lastSeq,
  };
  countUsage(model, attempts);
  return model;
}
