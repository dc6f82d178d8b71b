import type { Assembler } from "./assembler-port.js";
import type { Dispatcher } from "./dispatcher-port.js";
import type { Environment } from "./environment-port.js";
import type { RunOptions, TaskRecord, TaskState } from "./records.js";
import type { EventInput, RunStore, TaskPatch } from "./store-port.js";

export interface EngineDeps {
  store: RunStore;
  dispatcher: Dispatcher;
  assembler: Assembler;
  /** `$GIT_DIR/armada/runs/<run>/` holds the run's logs. */
  runDir: (runId: string) => string;
  /** Builds the setup layer of runs that have setup; without it, setup is not run. */
  environment?: Environment | undefined;
}

/** What the parts of the engine share while one master drives one run. */
export interface RunSession {
  runId: string;
  deps: EngineDeps;
  options: RunOptions;
  cancel: AbortController;
  /**
   * Why no new task may start, as the run's problem: --on-conflict stop met a conflict, the
   * budget is spent, or an attempt failed in a way every attempt would (a wrong key).
   */
  stopped?: string | undefined;
  /** The running attempts, by task id, so that one task can be cancelled alone. */
  attempts: Map<string, AbortController>;
  /**
   * Agents of `options.probeAgents` whose first attempt has had its API's answer (or ended):
   * until then each runs one attempt alone, so a wrong key fails one task, not every one.
   */
  proven: Set<string>;
  /** The run's checks on its base, running beside the fan-out; validation waits for it. */
  baseline?: Promise<void> | undefined;
  /** Wakes the scheduling loop while it runs (a retry asked from outside). */
  wake?: (() => void) | undefined;
}

export const TERMINAL_TASK_STATES: readonly TaskState[] = [
  "completed",
  "failed",
  "blocked",
  "cancelled",
];

export function finishTask(
  session: RunSession,
  task: Pick<TaskRecord, "id" | "attempts">,
  state: TaskState,
  data: Record<string, unknown>,
  error?: string,
): void {
  const { patch, event } = finishing(task, state, data, error);
  session.deps.store.updateTask(session.runId, task.id, patch, event);
}

// Large enough that a transaction's cost is spread thin, small enough that a run's worth of
// updates is never held at once.
const FINISHED_PER_WRITE = 5000;

/** Ends many tasks a few thousand to a write (the queued tasks of a cancelled run). */
export function finishTasks(
  session: RunSession,
  tasks: Pick<TaskRecord, "id" | "attempts">[],
  state: TaskState,
  error: string,
): void {
  for (let i = 0; i < tasks.length; i += FINISHED_PER_WRITE)
    session.deps.store.updateTasks(
      session.runId,
      tasks
        .slice(i, i + FINISHED_PER_WRITE)
        .map((task) => ({ taskId: task.id, ...finishing(task, state, {}, error) })),
    );
}

function finishing(
  task: Pick<TaskRecord, "attempts">,
  state: TaskState,
  data: Record<string, unknown>,
  error: string | undefined,
): { patch: TaskPatch; event: EventInput } {
  return {
    patch: { state, finishedAt: Date.now(), ...(error !== undefined ? { error } : {}) },
    event: {
      type: "task.state",
      data: { state, attempt: task.attempts, ...data, ...(error ? { error } : {}) },
    },
  };
}
