import {
  type ApplyState,
  type AttemptRecord,
  FINISHED_RUN_STATES,
  formatUsd,
  type RunEvent,
  type RunState,
  TASK_STATES,
  type TaskRecord,
  type TaskState,
} from "../core/index.js";
import {
  countUsage,
  type RunModel,
  retally,
  type TaskRow,
  talliedFacts,
  taskRow,
} from "./run-model.js";

/** The few reads an event may need because it does not carry the data itself. */
export interface EventLookup {
  /** A task added during the run (resolvers, fix-ups): `task.added` may lack its title. */
  task(taskId: string): TaskRecord | undefined;
  /**
   * A task's attempts: `task.state active` names the attempt, not its log; an attempt that
   * ended wrote its model usage to its row, not to the event.
   */
  attempts(taskId: string): AttemptRecord[];
}

const RUN_STATES: readonly RunState[] = [
  "running",
  "checking",
  "syncing",
  "completed",
  "failed",
  "cancelled",
  "interrupted",
];
const APPLY_STATES: readonly ApplyState[] = ["applied", "refused", "skipped", "nothing"];

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const count = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;
const texts = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : undefined;
const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined =>
  values.find((x) => x === v);

function applyRunEvent(model: RunModel, event: RunEvent): void {
  const { run } = model;
  const d = event.data;
  switch (event.type) {
    case "run.state": {
      const state = oneOf(d.state, RUN_STATES);
      if (!state) return;
      run.state = state;
      run.error = text(d.error);
      if (state === "running") {
        // A master starting writes its pid and first heartbeat with this event.
        run.masterPid = count(d.pid) ?? run.masterPid;
        run.heartbeatAt = event.at;
      }
      // A run reopened by a retry is no longer finished.
      run.finishedAt = FINISHED_RUN_STATES.includes(state) ? event.at : undefined;
      return;
    }
    case "run.checks":
      run.checksState = d.passed ? "passed" : "failed";
      return;
    case "run.setup": {
      const state = oneOf(d.state, ["running", "built", "cached", "failed"] as const);
      if (!state) return;
      run.setup = {
        state,
        log: text(d.log) ?? run.setup?.log ?? "",
        paths: texts(d.paths),
        durationMs: count(d.durationMs),
        error: text(d.error),
      };
      return;
    }
    case "run.verify": {
      const merges = count(d.merges);
      if (d.passed && merges !== undefined) run.verified = { commit: "", merges, at: event.at };
      return;
    }
    case "run.bisect": {
      const position = count(d.position);
      const of = count(d.of);
      if (!event.taskId || position === undefined || of === undefined) return;
      run.culprits = [
        ...run.culprits,
        {
          taskId: event.taskId,
          position,
          of,
          checks: texts(d.checks) ?? [],
          partner: text(d.partner),
          probes: count(d.probes) ?? 0,
        },
      ];
      return;
    }
    case "run.squashed":
      run.integrationCommit = text(d.commit) ?? run.integrationCommit;
      return;
    case "run.cancel-requested":
      run.cancelRequested = true;
      return;
    case "run.budget": {
      const spent = count(d.spentUsd);
      const budget = count(d.budgetUsd);
      model.halted =
        spent !== undefined && budget !== undefined
          ? `budget reached (${formatUsd(spent)} of ${formatUsd(budget)})`
          : "budget reached";
      return;
    }
    default:
      if (event.type.startsWith("sync.")) {
        run.applyState = oneOf(event.type.slice("sync.".length), APPLY_STATES) ?? run.applyState;
      }
  }
}

function applyHalt(model: RunModel, event: RunEvent): void {
  model.halted = `${event.taskId} failed in a way every attempt would: ${text(event.data.error) ?? "see its log"}`;
}

function applyTaskEvent(model: RunModel, event: RunEvent, taskId: string, lookup: EventLookup) {
  if (event.type === "task.added") {
    if (model.tasks.has(taskId)) return;
    const added = lookup.task(taskId);
    if (!added) return;
    const row = taskRow(added, undefined);
    model.tasks.set(taskId, row);
    retally(model, undefined, row);
    return;
  }
  const task = model.tasks.get(taskId);
  if (!task) return;
  const before = talliedFacts(task);
  moveTask(model, event, task, lookup);
  retally(model, before, task);
}

/** Applies a task's event to its row. */
function moveTask(model: RunModel, event: RunEvent, task: TaskRow, lookup: EventLookup): void {
  const d = event.data;
  const taskId = task.id;
  switch (event.type) {
    case "task.state": {
      const state = oneOf<TaskState>(d.state, TASK_STATES);
      if (!state) return;
      task.state = state;
      const attempt = count(d.attempt);
      if (state === "active") {
        // Best-of-N starts `side` attempts at once, numbered from `attempt`.
        task.attempt = (attempt ?? task.attempt) + (count(d.side) ?? 1) - 1;
        task.startedAt = event.at;
        task.finishedAt = undefined;
        task.error = undefined;
        task.phase = undefined;
        task.lastLine = undefined;
        task.worker = undefined;
        task.logPath = lookup.attempts(taskId).find((a) => a.n === attempt)?.logPath;
      } else if (state !== "queued") {
        task.finishedAt = event.at;
        task.error = text(d.error);
        task.noChange = state === "completed" ? text(d.noChange) : undefined;
        task.phase = undefined;
        if (attempt) countUsage(model, lookup.attempts(taskId));
      }
      return;
    }
    case "task.retry":
      task.state = "queued";
      task.error = text(d.error);
      task.phase = undefined;
      task.worker = undefined;
      countUsage(model, lookup.attempts(taskId));
      return;
    case "task.requeued":
      task.state = "queued";
      task.phase = undefined;
      task.error = undefined;
      task.finishedAt = undefined;
      return;
    case "task.conflict":
      // The redo policy follows with task.redo, which puts the task back in the queue.
      task.mergeState = "conflict";
      task.conflictPaths = texts(d.paths) ?? task.conflictPaths;
      return;
    case "task.redo":
      task.state = "queued";
      task.mergeState = "pending";
      task.redos = count(d.redo) ?? task.redos;
      task.conflictPaths = texts(d.paths) ?? task.conflictPaths;
      return;
    case "task.merged":
      task.mergeState = "merged";
      model.run.integrationCommit = text(d.commit) ?? model.run.integrationCommit;
      return;
    case "task.resolved":
      task.mergeState = "resolved";
      return;
    case "task.phase":
      task.phase = text(d.phase);
      return;
    case "task.worker":
      task.worker = text(d.worker) ?? task.worker;
      return;
    case "task.cancel-requested":
      task.cancelRequested = true;
      return;
  }
}

/** Moves the model forward by one event; events it does not know are skipped. */
export function applyEvent(model: RunModel, event: RunEvent, lookup: EventLookup): void {
  model.lastSeq = Math.max(model.lastSeq, event.seq);
  // Run events with a task: the task that stopped the run, the result that broke the checks.
  if (event.type === "run.halted") applyHalt(model, event);
  else if (event.taskId === undefined || event.type === "run.bisect") applyRunEvent(model, event);
  else applyTaskEvent(model, event, event.taskId, lookup);
}
