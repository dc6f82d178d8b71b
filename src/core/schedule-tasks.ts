import { readFileSync } from "node:fs";
import path from "node:path";
import { coalescingJob } from "./coalescing-job.js";
import { dependencyDead, dependencyReady } from "./dependencies.js";
import type { AttemptResult } from "./dispatcher-port.js";
import { mergeLanded } from "./merge-landed.js";
import type { TaskRecord } from "./records.js";
import { finishTask, type RunSession, TERMINAL_TASK_STATES } from "./run-session.js";
import { wakeup } from "./wakeup.js";

const FAILURE_TAIL_BYTES = 4096;

function readTail(file: string): string | undefined {
  try {
    const text = readFileSync(file);
    return text.subarray(Math.max(0, text.length - FAILURE_TAIL_BYTES)).toString("utf8");
  } catch {
    return undefined;
  }
}

function lastLines(text: string, n: number): string {
  return text.trimEnd().split("\n").slice(-n).join("\n");
}

/** Where a task's attempt starts: set by assembly, or the merged results of its dependencies. */
async function startOf(session: RunSession, task: TaskRecord, tasks: TaskRecord[]) {
  const { store, assembler } = session.deps;
  const run = store.getRun(session.runId);
  if (!run) throw new Error(`run ${session.runId} vanished`);
  if (task.startFrom) return { commit: task.startFrom };
  const deps = task.deps.map((id) => tasks.find((t) => t.id === id));
  // A resolved dependency's change lives in its resolver's result, merged into the integration state.
  if (deps.some((d) => d?.mergeState === "resolved")) return { commit: run.integrationCommit };
  const results = task.deps.map(
    (id) => store.getResult(session.runId, id)?.commit ?? run.baseCommit,
  );
  return assembler.startCommit(run.baseCommit, results);
}

async function recordResult(
  session: RunSession,
  task: TaskRecord,
  n: number,
  startCommit: string,
  result: AttemptResult,
  cancelled: boolean,
) {
  const { store, assembler } = session.deps;
  const { runId } = session;
  const accepted = result.state === "succeeded" && result.commit !== undefined;
  if (result.commit && result.commit !== startCommit) {
    await assembler.keepResult(runId, task.id, n, result.commit, accepted);
  }
  store.updateAttempt(runId, task.id, n, {
    state: result.state,
    error: result.error,
    agentMs: Math.round(result.agentMs),
    finishedAt: Date.now(),
    commit: result.commit,
  });
  const current = { id: task.id, attempts: n };
  if (accepted && result.commit) {
    store.saveResult({
      runId,
      taskId: task.id,
      attempt: n,
      commit: result.commit,
      startCommit,
      changed: result.changed,
      outOfScope: result.outOfScope,
    });
    finishTask(session, current, "completed", {
      changed: result.changed.length,
      outOfScope: result.outOfScope,
    });
    if (result.outOfScope.length > 0) {
      store.appendEvent(runId, {
        type: "task.out-of-scope",
        taskId: task.id,
        data: { paths: result.outOfScope },
      });
    }
    return;
  }
  if (result.state === "cancelled" || cancelled) {
    finishTask(
      session,
      current,
      "cancelled",
      {},
      session.cancel.signal.aborted ? "the run was cancelled" : "cancelled on request",
    );
    return;
  }
  const error = `${result.error ?? "failed"}\n${lastLines(result.logTail, 15)}`;
  const failures = store
    .listAttempts(runId, task.id)
    .filter((a) => a.state === "failed" || a.state === "timeout");
  if (failures.length <= session.options.retries) {
    store.updateTask(
      runId,
      task.id,
      { state: "queued", error },
      {
        type: "task.retry",
        data: { attempt: n, error: result.error, next: n + 1 },
      },
    );
    return;
  }
  finishTask(session, current, "failed", { reason: result.error }, error);
}

async function launch(session: RunSession, task: TaskRecord, tasks: TaskRecord[]): Promise<void> {
  const { store, dispatcher } = session.deps;
  const { runId, options } = session;
  const n = task.attempts + 1;
  const start = await startOf(session, task, tasks);
  if ("conflicts" in start) {
    finishTask(
      session,
      task,
      "failed",
      {},
      `the results of its dependencies (${task.deps.join(", ")}) conflict in ${start.conflicts.join(", ")}`,
    );
    return;
  }
  const files = await session.deps.assembler.filesInScope(start.commit, task.files);
  const logPath = path.join(session.deps.runDir(runId), "logs", `${task.id}.${n}.log`);
  const previous = store
    .listAttempts(runId, task.id)
    .filter((a) => a.state === "failed" || a.state === "timeout")
    .at(-1);
  store.insertAttempt({
    runId,
    taskId: task.id,
    n,
    state: "running",
    startCommit: start.commit,
    sandbox: undefined,
    pgid: undefined,
    logPath,
    error: undefined,
    agentMs: undefined,
    commit: undefined,
    startedAt: Date.now(),
    finishedAt: undefined,
  });
  store.updateTask(
    runId,
    task.id,
    { state: "active", attempts: n, startedAt: Date.now(), finishedAt: undefined },
    {
      type: "task.state",
      data: { state: "active", attempt: n, ...(task.redos ? { redo: task.redos } : {}) },
    },
  );
  const run = store.getRun(runId);
  const abort = new AbortController();
  const onRunCancel = (): void => abort.abort();
  session.cancel.signal.addEventListener("abort", onRunCancel, { once: true });
  session.attempts.set(task.id, abort);
  const result = await dispatcher.start(
    {
      runId,
      objective: run?.objective ?? "",
      task,
      attempt: n,
      startCommit: start.commit,
      files,
      previousFailure: previous ? readTail(previous.logPath) : undefined,
      context: task.context,
      agent: task.agent ?? options.agent,
      agentCommand: options.agentCommand,
      sandbox: options.sandbox,
      timeoutMs: options.timeoutMs,
      logPath,
      logLimit: options.logLimit,
      scopePolicy: options.scopePolicy,
      maxDeleteShare: task.allowDeletions ? 1 : options.maxDeleteShare,
      envAllow: options.envAllow,
    },
    {
      signal: abort.signal,
      onProgress: (progress) => {
        if (progress.kind === "sandbox")
          store.updateAttempt(runId, task.id, n, { sandbox: progress.location });
        else if (progress.kind === "process")
          store.updateAttempt(runId, task.id, n, { pgid: progress.pgid });
        else
          store.appendEvent(runId, {
            type: "task.phase",
            taskId: task.id,
            data: { phase: progress.phase, attempt: n },
          });
      },
    },
  );
  session.attempts.delete(task.id);
  session.cancel.signal.removeEventListener("abort", onRunCancel);
  await recordResult(session, task, n, start.commit, result, abort.signal.aborted);
}

function blockDependents(session: RunSession, tasks: TaskRecord[]): void {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  for (const task of tasks) {
    if (task.state !== "queued") continue;
    for (const dep of task.deps) {
      const why = dependencyDead(byId.get(dep), tasks);
      if (why) {
        task.state = "blocked";
        finishTask(session, task, "blocked", { dep }, `its dependency "${dep}" ${why}`);
        break;
      }
    }
  }
}

/** Cancels the tasks someone asked to cancel alone: a running attempt is stopped, a queued task ends. */
export function cancelRequestedTasks(session: RunSession): void {
  for (const task of session.deps.store.listTasks(session.runId)) {
    if (!task.cancelRequested || TERMINAL_TASK_STATES.includes(task.state)) continue;
    const running = session.attempts.get(task.id);
    if (running) running.abort();
    else if (task.state === "queued")
      finishTask(session, task, "cancelled", {}, "cancelled on request");
  }
}

/**
 * Runs the run's tasks until none can progress: ready tasks (dependencies merged) start up to
 * the concurrency limit, results merge as they land, failed dependencies block their dependents.
 */
export async function scheduleTasks(session: RunSession): Promise<void> {
  const { store } = session.deps;
  const inFlight = new Map<string, Promise<void>>();
  const loop = wakeup();
  const merger = coalescingJob(() => mergeLanded(session), loop.wake);
  const onAbort = (): void => loop.wake();
  session.cancel.signal.addEventListener("abort", onAbort, { once: true });
  try {
    for (;;) {
      cancelRequestedTasks(session);
      const tasks = store.listTasks(session.runId);
      blockDependents(session, tasks);
      if (session.cancel.signal.aborted) break;
      if (!session.stopped) {
        const byId = new Map(tasks.map((t) => [t.id, t]));
        for (const task of tasks) {
          if (inFlight.size >= session.options.concurrency) break;
          if (task.state !== "queued" || inFlight.has(task.id)) continue;
          if (!task.deps.every((d) => dependencyReady(byId.get(d)))) continue;
          const running = launch(session, task, tasks)
            .catch((error: unknown) =>
              finishTask(
                session,
                task,
                "failed",
                {},
                `armada could not run the attempt: ${String(error)}`,
              ),
            )
            .finally(() => {
              inFlight.delete(task.id);
              merger.kick();
              loop.wake();
            });
          inFlight.set(task.id, running);
        }
      }
      if (inFlight.size === 0 && !merger.busy) {
        // Nothing runs: one more merge pass decides whether anything can still start.
        if ((await mergeLanded(session)) === 0) break;
        continue;
      }
      await loop.wait();
    }
    await Promise.allSettled([...inFlight.values()]);
    await merger.settle();
    await mergeLanded(session);
    const reason = session.cancel.signal.aborted
      ? "the run was cancelled"
      : session.stopped
        ? `stopped: ${session.stopped}`
        : undefined;
    if (reason) {
      for (const task of store.listTasks(session.runId)) {
        if (!TERMINAL_TASK_STATES.includes(task.state))
          finishTask(session, task, "cancelled", {}, reason);
      }
    }
  } finally {
    session.cancel.signal.removeEventListener("abort", onAbort);
  }
}
