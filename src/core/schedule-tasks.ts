import { readFileSync } from "node:fs";
import path from "node:path";
import { checkBudget } from "./check-budget.js";
import { coalescingJob } from "./coalescing-job.js";
import { dependencyDead, dependencyReady } from "./dependencies.js";
import type { AttemptResult } from "./dispatcher-port.js";
import { mergeLanded } from "./merge-landed.js";
import { pickBest } from "./pick-best.js";
import type { TaskRecord } from "./records.js";
import { requeueTask } from "./request-task-retry.js";
import { finishTask, finishTasks, type RunSession, TERMINAL_TASK_STATES } from "./run-session.js";
import { verifyIntegration } from "./verify-integration.js";
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
async function startOf(session: RunSession, task: TaskRecord) {
  const { store, assembler } = session.deps;
  const run = store.getRun(session.runId);
  if (!run) throw new Error(`run ${session.runId} vanished`);
  if (task.startFrom) return { commit: task.startFrom };
  const deps = task.deps.map((id) => store.getTask(session.runId, id));
  // A resolved dependency's change lives in its resolver's result, merged into the integration state.
  if (deps.some((d) => d?.mergeState === "resolved")) return { commit: run.integrationCommit };
  const results = task.deps.map(
    (id) => store.getResult(session.runId, id)?.commit ?? run.baseCommit,
  );
  return assembler.startCommit(run.baseCommit, results);
}

/** Keeps an attempt's change under its ref and its outcome in the store. */
async function recordAttempt(
  session: RunSession,
  task: TaskRecord,
  n: number,
  startCommit: string,
  result: AttemptResult,
  accepted: boolean,
): Promise<void> {
  const { store, assembler } = session.deps;
  if (result.commit && result.commit !== startCommit) {
    await assembler.keepResult(session.runId, task.id, n, result.commit, accepted);
  }
  store.updateAttempt(session.runId, task.id, n, {
    state: result.state,
    error: result.error,
    agentMs: Math.round(result.agentMs),
    usage: result.usage,
    finishedAt: Date.now(),
    commit: result.commit,
    metrics: result.metrics,
  });
}

async function recordResult(
  session: RunSession,
  task: TaskRecord,
  n: number,
  startCommit: string,
  result: AttemptResult,
  cancelled: boolean,
  attempts: number,
) {
  const { store } = session.deps;
  const { runId } = session;
  const accepted = result.state === "succeeded" && result.commit !== undefined;
  await recordAttempt(session, task, n, startCommit, result, accepted);
  const current = { id: task.id, attempts };
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
      ...(result.noChange ? { noChange: result.noChange } : {}),
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
  if (result.fatal) {
    // Retrying, or starting other tasks, would fail the same way (and cost the same).
    session.stopped ??= `task ${task.id} failed in a way every attempt would: ${result.error}`;
    store.appendEvent(runId, {
      type: "run.halted",
      taskId: task.id,
      data: { error: result.error },
    });
  } else if (Math.ceil(failures.length / widthOf(session, task)) <= session.options.retries) {
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

function agentOf(session: RunSession, task: TaskRecord): string {
  return task.agent ?? session.options.agent;
}

/** The agents of a task's side-by-side attempts, in turn: --attempts a,b, else its own. */
function agentsOf(session: RunSession, task: TaskRecord): string[] {
  return session.options.attemptAgents ?? [agentOf(session, task)];
}

/**
 * Whether the task must wait for a probe: an agent that talks to an API of its own runs one
 * task alone until that API has answered it once (or the attempt ended).
 */
function waitsForProbe(session: RunSession, task: TaskRecord, running: TaskRecord[]): boolean {
  const probing = (agent: string) =>
    session.options.probeAgents?.includes(agent) && !session.proven.has(agent);
  const mine = agentsOf(session, task).filter(probing);
  return running.some((other) => agentsOf(session, other).some((a) => mine.includes(a)));
}

/** Attempts of a task run side by side: its plan's `attempts`, else --attempts, else one. */
function widthOf(session: RunSession, task: TaskRecord): number {
  return Math.max(1, task.bestOf ?? session.options.bestOf ?? 1);
}

/**
 * Attempts a master started and left running when it stopped, which a worker of the fleet may
 * still be running or have finished: they are picked up again rather than started anew.
 */
function reattachable(session: RunSession, task: TaskRecord) {
  return session.deps.store
    .listAttempts(session.runId, task.id)
    .filter((a) => a.state === "running");
}

/** Starts the task's attempts: new ones, or those a previous master left running. */
async function beginAttempts(session: RunSession, task: TaskRecord) {
  const { store } = session.deps;
  const { runId } = session;
  const left = reattachable(session, task);
  const first = left[0];
  if (first) {
    store.updateTask(
      runId,
      task.id,
      { state: "active", startedAt: Date.now(), finishedAt: undefined },
      { type: "task.state", data: { state: "active", attempt: first.n, reattached: true } },
    );
    return { numbers: left.map((a) => a.n), start: { commit: first.startCommit } };
  }
  const n = task.attempts + 1;
  const width = widthOf(session, task);
  const numbers = Array.from({ length: width }, (_, k) => n + k);
  const start = await startOf(session, task);
  if ("conflicts" in start) return { numbers, start };
  for (const k of numbers) {
    store.insertAttempt({
      runId,
      taskId: task.id,
      n: k,
      state: "running",
      startCommit: start.commit,
      sandbox: undefined,
      pgid: undefined,
      worker: undefined,
      logPath: logPathOf(session, task, k),
      error: undefined,
      agentMs: undefined,
      usage: undefined,
      metrics: undefined,
      commit: undefined,
      startedAt: Date.now(),
      finishedAt: undefined,
    });
  }
  store.updateTask(
    runId,
    task.id,
    { state: "active", attempts: n + width - 1, startedAt: Date.now(), finishedAt: undefined },
    {
      type: "task.state",
      data: {
        state: "active",
        attempt: n,
        ...(width > 1 ? { side: width } : {}),
        ...(task.redos ? { redo: task.redos } : {}),
      },
    },
  );
  return { numbers, start };
}

function logPathOf(session: RunSession, task: TaskRecord, k: number): string {
  return path.join(session.deps.runDir(session.runId), "logs", `${task.id}.${k}.log`);
}

async function launch(session: RunSession, task: TaskRecord, onProven: () => void): Promise<void> {
  const { store, dispatcher } = session.deps;
  const { runId, options } = session;
  const agent = agentOf(session, task);
  const { numbers, start } = await beginAttempts(session, task);
  const n = numbers[0] ?? task.attempts + 1;
  const width = numbers.length;
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
  const logPath = (k: number): string => logPathOf(session, task, k);
  const previous = store
    .listAttempts(runId, task.id)
    .filter((a) => a.state === "failed" || a.state === "timeout")
    .at(-1);
  const run = store.getRun(runId);
  const abort = new AbortController();
  const onRunCancel = (): void => abort.abort();
  session.cancel.signal.addEventListener("abort", onRunCancel, { once: true });
  session.attempts.set(task.id, abort);
  const results = await Promise.all(
    numbers.map((k) => {
      const attemptAgent = agentsOf(session, task)[(k - n) % width] ?? agent;
      return dispatcher.start(
        {
          runId,
          objective: run?.objective ?? "",
          task,
          attempt: k,
          startCommit: start.commit,
          files,
          previousFailure: previous ? readTail(previous.logPath) : undefined,
          context: task.context,
          agent: attemptAgent,
          agentCommand: options.agentCommand,
          model: options.model,
          baseUrl: options.baseUrl,
          maxSteps: options.maxSteps,
          fixTurns: options.fixTurns,
          conventions: run?.conventions,
          sandbox: options.sandbox,
          timeoutMs: options.timeoutMs,
          logPath: logPath(k),
          logLimit: options.logLimit,
          scopePolicy: options.scopePolicy,
          maxDeleteShare: task.allowDeletions ? 1 : options.maxDeleteShare,
          requireChange: task.requireChange || options.requireChange,
          envAllow: options.envAllow,
          ranked: width > 1,
        },
        {
          signal: abort.signal,
          onProgress: (progress) => {
            if (progress.kind === "sandbox")
              store.updateAttempt(runId, task.id, k, { sandbox: progress.location });
            else if (progress.kind === "process")
              store.updateAttempt(runId, task.id, k, { pgid: progress.pgid });
            else if (progress.kind === "answered") {
              if (!session.proven.has(attemptAgent)) {
                session.proven.add(attemptAgent);
                onProven();
              }
            } else if (progress.kind === "worker") {
              store.updateAttempt(runId, task.id, k, { worker: progress.name });
              store.appendEvent(runId, {
                type: "task.worker",
                taskId: task.id,
                data: { attempt: k, worker: progress.name },
              });
            } else
              store.appendEvent(runId, {
                type: "task.phase",
                taskId: task.id,
                data: { phase: progress.phase, attempt: k },
              });
          },
        },
      );
    }),
  );
  session.attempts.delete(task.id);
  session.cancel.signal.removeEventListener("abort", onRunCancel);
  // The probe is over, answered or not: what it met is in its result.
  for (const name of agentsOf(session, task)) session.proven.add(name);
  const candidates = results.map((result, i) => ({ n: numbers[i] ?? n, result }));
  const kept = width > 1 ? pickBest(candidates) : undefined;
  if (width > 1) {
    store.appendEvent(runId, {
      type: "task.best-of",
      taskId: task.id,
      data: {
        kept: kept?.n ?? null,
        attempts: candidates.map((c) => ({
          n: c.n,
          state: c.result.state,
          changeSize: c.result.changeSize ?? null,
        })),
      },
    });
  }
  // The others stay inspectable (`armada diff <run> <task> --attempt k`); one is recorded last.
  const last = kept ?? candidates.at(-1);
  for (const c of candidates) {
    if (c !== last) await recordAttempt(session, task, c.n, start.commit, c.result, false);
  }
  if (last)
    await recordResult(
      session,
      task,
      last.n,
      start.commit,
      last.result,
      abort.signal.aborted,
      Math.max(task.attempts, ...numbers),
    );
}

function blockDependents(session: RunSession, tasks: TaskRecord[]): void {
  const { store } = session.deps;
  for (const task of tasks) {
    if (task.state !== "queued") continue;
    for (const dep of task.deps) {
      const why = dependencyDead(store.getTask(session.runId, dep), tasks);
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
  const { store } = session.deps;
  for (const id of store.tasksAskedToCancel(session.runId)) {
    const task = store.getTask(session.runId, id);
    if (!task || TERMINAL_TASK_STATES.includes(task.state)) continue;
    const running = session.attempts.get(task.id);
    if (running) running.abort();
    else if (task.state === "queued")
      finishTask(session, task, "cancelled", {}, "cancelled on request");
  }
}

/**
 * Queues again the ended tasks someone asked to retry (a task that meanwhile completed stays
 * so); says how many went back to the queue.
 */
export function requeueAskedTasks(session: RunSession): number {
  const { store } = session.deps;
  let queued = 0;
  for (const id of store.tasksAskedToRetry(session.runId)) {
    const task = store.getTask(session.runId, id);
    if (task && ["failed", "cancelled", "blocked"].includes(task.state)) {
      requeueTask(store, session.runId, id, "retry requested");
      queued++;
    } else store.updateTask(session.runId, id, { retryRequested: false });
  }
  return queued;
}

/**
 * Runs the run's tasks until none can progress: ready tasks (dependencies merged) start up to
 * the concurrency limit, results merge as they land, failed dependencies block their dependents.
 */
export async function scheduleTasks(session: RunSession): Promise<void> {
  const { store } = session.deps;
  const inFlight = new Map<string, Promise<void>>();
  const loop = wakeup();
  const merger = coalescingJob(async () => {
    await mergeLanded(session);
    await verifyIntegration(session);
  }, loop.wake);
  const onAbort = (): void => loop.wake();
  session.cancel.signal.addEventListener("abort", onAbort, { once: true });
  session.wake = loop.wake;
  try {
    for (;;) {
      cancelRequestedTasks(session);
      requeueAskedTasks(session);
      const tasks = store.listTasks(session.runId);
      blockDependents(session, tasks);
      if (session.cancel.signal.aborted) break;
      checkBudget(session);
      if (!session.stopped) {
        const byId = (id: string) => store.getTask(session.runId, id);
        for (const task of tasks) {
          if (task.state !== "queued" || inFlight.has(task.id)) continue;
          if (!task.deps.every((d) => dependencyReady(byId(d)))) continue;
          // A best-of-N task takes N slots; one too wide for the limit runs alone.
          const busy = [...inFlight.keys()].reduce(
            (sum, id) => sum + widthOf(session, byId(id) ?? task),
            0,
          );
          if (busy > 0 && busy + widthOf(session, task) > session.options.concurrency) break;
          const others = [...inFlight.keys()].flatMap((id) => byId(id) ?? []);
          if (waitsForProbe(session, task, others)) continue;
          const running = launch(session, task, loop.wake)
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
      const left = store
        .listTasks(session.runId)
        .filter((t) => !TERMINAL_TASK_STATES.includes(t.state));
      finishTasks(session, left, "cancelled", reason);
    }
  } finally {
    session.wake = undefined;
    session.cancel.signal.removeEventListener("abort", onAbort);
  }
}
