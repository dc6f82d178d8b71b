import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import type { Assembler } from "./assembler-port.js";
import type { AttemptResult, Dispatcher } from "./dispatcher-port.js";
import { HEARTBEAT_MS } from "./liveness.js";
import type { RunRecord, TaskRecord, TaskState } from "./records.js";
import type { RunStore } from "./store-port.js";
import { formatUsd, knownCost } from "./usage.js";

export interface EngineDeps {
  store: RunStore;
  dispatcher: Dispatcher;
  assembler: Assembler;
  /** `$GIT_DIR/armada/runs/<run>/` holds the run's logs. */
  runDir: (runId: string) => string;
}

const TERMINAL: readonly TaskState[] = ["completed", "failed", "blocked", "cancelled"];
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

/**
 * The master's loop for one run: schedules ready tasks up to the concurrency limit, records
 * every attempt, merges results into the integration branch in plan order as they land, then
 * runs the run-level checks and syncs the result back. Safe to call again on an interrupted
 * run: finished tasks are kept, interrupted ones run again.
 */
export async function executeRun(
  runId: string,
  deps: EngineDeps,
  signal: AbortSignal,
): Promise<RunRecord> {
  const { store, dispatcher, assembler } = deps;
  const initial = store.getRun(runId);
  if (!initial) throw new Error(`run ${runId} is not in the store`);
  const options = initial.options;
  const cancel = new AbortController();
  const onAbort = (): void => cancel.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  if (signal.aborted) cancel.abort();

  store.updateRun(
    runId,
    {
      state: "running",
      masterPid: process.pid,
      masterHost: hostname(),
      heartbeatAt: Date.now(),
      error: undefined,
    },
    { type: "run.state", data: { state: "running", pid: process.pid } },
  );
  let wake: () => void = () => {};
  const heartbeat = setInterval(() => {
    store.updateRun(runId, { heartbeatAt: Date.now() });
    if (store.getRun(runId)?.cancelRequested) cancel.abort();
  }, HEARTBEAT_MS);
  cancel.signal.addEventListener("abort", () => wake(), { once: true });

  const inFlight = new Map<string, Promise<void>>();

  const finishTask = (
    task: TaskRecord,
    state: TaskState,
    data: Record<string, unknown>,
    error?: string,
  ): void => {
    store.updateTask(
      runId,
      task.id,
      { state, finishedAt: Date.now(), ...(error !== undefined ? { error } : {}) },
      {
        type: "task.state",
        data: { state, attempt: task.attempts, ...data, ...(error ? { error } : {}) },
      },
    );
  };

  // Once the budget is spent, or an attempt failed in a way every attempt would (a wrong key),
  // no new attempt starts; those in flight finish. Spend is known only when attempts finish,
  // so attempts in flight when the budget is reached may take the total past it.
  let halt: { reason: string; problem: string } | undefined;
  const haltDispatch = (
    event: string,
    data: Record<string, unknown>,
    reason: string,
    problem: string,
  ): void => {
    if (halt) return;
    halt = { reason, problem };
    store.appendEvent(runId, { type: event, data });
  };
  const checkBudget = (): void => {
    if (options.budgetUsd === undefined || halt) return;
    const run = store.getRun(runId);
    const spentUsd = knownCost([run?.planUsage, ...store.listAttempts(runId).map((a) => a.usage)]);
    if (spentUsd < options.budgetUsd) return;
    const spent = `${formatUsd(spentUsd)} spent of ${formatUsd(options.budgetUsd)}`;
    haltDispatch(
      "run.budget",
      { spentUsd, budgetUsd: options.budgetUsd },
      `not started: the run reached its budget (${spent})`,
      `the budget was reached (${spent})`,
    );
  };

  const onResult = async (
    task: TaskRecord,
    n: number,
    startCommit: string,
    result: AttemptResult,
  ): Promise<void> => {
    store.updateAttempt(runId, task.id, n, {
      state: result.state,
      error: result.error,
      agentMs: Math.round(result.agentMs),
      usage: result.usage,
      finishedAt: Date.now(),
    });
    const current = { ...task, attempts: n };
    if (result.state === "succeeded" && result.commit) {
      await assembler.keepResult(runId, task.id, result.commit);
      store.saveResult({
        runId,
        taskId: task.id,
        attempt: n,
        commit: result.commit,
        startCommit,
        changed: result.changed,
        outOfScope: result.outOfScope,
      });
      finishTask(
        current,
        "completed",
        { changed: result.changed.length, outOfScope: result.outOfScope },
        undefined,
      );
      if (result.outOfScope.length > 0) {
        store.appendEvent(runId, {
          type: "task.out-of-scope",
          taskId: task.id,
          data: { paths: result.outOfScope },
        });
      }
      return;
    }
    if (result.state === "cancelled" || cancel.signal.aborted) {
      finishTask(current, "cancelled", {}, "cancelled");
      return;
    }
    const error = `${result.error ?? "failed"}\n${lastLines(result.logTail, 15)}`;
    const failures = store
      .listAttempts(runId, task.id)
      .filter((a) => a.state === "failed" || a.state === "timeout");
    if (result.fatal) {
      haltDispatch(
        "run.halted",
        { task: task.id, error: result.error },
        `not started: task ${task.id} failed in a way every attempt would`,
        `stopped after task ${task.id} failed: ${result.error}`,
      );
    } else if (failures.length <= options.retries) {
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
    finishTask(current, "failed", { reason: result.error }, error);
  };

  const launch = async (task: TaskRecord): Promise<void> => {
    const n = task.attempts + 1;
    const run = store.getRun(runId) ?? initial;
    const depResults = task.deps.map((d) => store.getResult(runId, d)?.commit ?? run.baseCommit);
    const start = await assembler.startCommit(run.baseCommit, depResults);
    if ("conflicts" in start) {
      finishTask(
        task,
        "failed",
        {},
        `the results of its dependencies (${task.deps.join(", ")}) conflict in ${start.conflicts.join(", ")}`,
      );
      return;
    }
    const files = await assembler.filesInScope(start.commit, task.files);
    const logPath = path.join(deps.runDir(runId), "logs", `${task.id}.${n}.log`);
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
      usage: undefined,
      startedAt: Date.now(),
      finishedAt: undefined,
    });
    store.updateTask(
      runId,
      task.id,
      { state: "active", attempts: n, startedAt: Date.now(), finishedAt: undefined },
      { type: "task.state", data: { state: "active", attempt: n } },
    );
    const result = await dispatcher.start(
      {
        runId,
        objective: run.objective,
        task,
        attempt: n,
        startCommit: start.commit,
        files,
        previousFailure: previous ? readTail(previous.logPath) : undefined,
        agent: task.agent ?? options.agent,
        agentCommand: options.agentCommand,
        model: options.model,
        maxSteps: options.maxSteps,
        fixTurns: options.fixTurns,
        conventions: run.conventions,
        sandbox: options.sandbox,
        timeoutMs: options.timeoutMs,
        logPath,
        logLimit: options.logLimit,
        scopePolicy: options.scopePolicy,
        envAllow: options.envAllow,
      },
      {
        signal: cancel.signal,
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
    await onResult(task, n, start.commit, result);
  };

  const blockDependents = (tasks: TaskRecord[]): void => {
    const byId = new Map(tasks.map((t) => [t.id, t]));
    for (const task of tasks) {
      if (task.state !== "queued") continue;
      const bad = task.deps.find((d) => {
        const state = byId.get(d)?.state;
        return state === "failed" || state === "blocked" || state === "cancelled";
      });
      if (bad) {
        const reason = `its dependency "${bad}" ${byId.get(bad)?.state}`;
        task.state = "blocked";
        finishTask(task, "blocked", { dep: bad }, reason);
      }
    }
  };

  const mergeInPlanOrder = async (): Promise<void> => {
    for (const task of store.listTasks(runId)) {
      if (task.mergeState !== "pending") continue;
      if (task.state !== "completed") {
        if (!TERMINAL.includes(task.state)) return;
        store.updateTask(runId, task.id, { mergeState: "skipped" });
        continue;
      }
      const result = store.getResult(runId, task.id);
      const run = store.getRun(runId);
      if (!result || !run) return;
      const merged = await assembler.merge({
        runId,
        integration: run.integrationCommit,
        taskId: task.id,
        title: task.title,
        result: result.commit,
      });
      if ("conflicts" in merged) {
        store.updateTask(
          runId,
          task.id,
          { mergeState: "conflict", conflictPaths: merged.conflicts },
          { type: "task.conflict", data: { paths: merged.conflicts } },
        );
        continue;
      }
      store.updateRun(runId, { integrationCommit: merged.commit });
      store.updateTask(
        runId,
        task.id,
        { mergeState: "merged" },
        { type: "task.merged", data: { commit: merged.commit } },
      );
    }
  };

  try {
    for (;;) {
      const tasks = store.listTasks(runId);
      blockDependents(tasks);
      await mergeInPlanOrder();
      if (cancel.signal.aborted) break;
      checkBudget();
      const states = new Map(tasks.map((t) => [t.id, t.state]));
      const ready = tasks.filter(
        (t) =>
          !halt &&
          t.state === "queued" &&
          !inFlight.has(t.id) &&
          t.deps.every((d) => states.get(d) === "completed"),
      );
      for (const task of ready) {
        if (inFlight.size >= options.concurrency) break;
        const running = launch(task)
          .catch((error: unknown) =>
            finishTask(task, "failed", {}, `armada could not run the attempt: ${String(error)}`),
          )
          .finally(() => {
            inFlight.delete(task.id);
            wake();
          });
        inFlight.set(task.id, running);
      }
      if (inFlight.size === 0) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
    await Promise.allSettled([...inFlight.values()]);
    await dispatcher.close();
    if (cancel.signal.aborted) {
      for (const task of store.listTasks(runId)) {
        if (!TERMINAL.includes(task.state))
          finishTask(task, "cancelled", {}, "the run was cancelled");
      }
      await mergeInPlanOrder();
      store.updateRun(
        runId,
        { state: "cancelled", finishedAt: Date.now() },
        { type: "run.state", data: { state: "cancelled" } },
      );
      return store.getRun(runId) ?? initial;
    }
    const problems: string[] = [];
    if (halt) {
      const { reason, problem } = halt;
      const unstarted = store.listTasks(runId).filter((t) => t.state === "queued");
      for (const task of unstarted) finishTask(task, "cancelled", { reason: "halted" }, reason);
      problems.push(`${problem}; ${unstarted.length} task(s) not started`);
    }
    await mergeInPlanOrder();
    return await finishRun(runId, deps, cancel.signal, problems);
  } finally {
    clearInterval(heartbeat);
    signal.removeEventListener("abort", onAbort);
    store.updateRun(runId, { masterPid: undefined, heartbeatAt: undefined });
  }
}

function summarise(tasks: TaskRecord[]): string | undefined {
  const count = (s: TaskState): number => tasks.filter((t) => t.state === s).length;
  const conflicts = tasks.filter((t) => t.mergeState === "conflict").length;
  const parts = [
    count("failed") && `${count("failed")} failed`,
    count("blocked") && `${count("blocked")} blocked`,
    conflicts && `${conflicts} conflicted`,
  ].filter(Boolean);
  return parts.length ? `${parts.join(", ")} of ${tasks.length} tasks` : undefined;
}

/** Run-level checks on the assembled result, then sync, then the final state. */
async function finishRun(
  runId: string,
  deps: EngineDeps,
  signal: AbortSignal,
  problems: string[],
): Promise<RunRecord> {
  const { store, assembler } = deps;
  let run = store.getRun(runId);
  if (!run) throw new Error(`run ${runId} vanished`);
  const taskProblem = summarise(store.listTasks(runId));
  if (taskProblem) problems.push(taskProblem);
  const changed = run.integrationCommit !== run.baseCommit;
  if (run.checks.length > 0 && changed && run.checksState === undefined) {
    store.updateRun(
      runId,
      { state: "checking" },
      { type: "run.state", data: { state: "checking" } },
    );
    const report = await assembler.runChecks(
      runId,
      run.integrationCommit,
      run.checks,
      run.options.timeoutMs,
      signal,
    );
    store.updateRun(
      runId,
      { checksState: report.passed ? "passed" : "failed" },
      {
        type: "run.checks",
        data: { passed: report.passed, failures: report.failures, log: report.logPath },
      },
    );
    run = store.getRun(runId) ?? run;
  }
  if (run.checksState === "failed") problems.push("the run's checks failed");
  if (run.options.apply && run.applyState === undefined) {
    if (run.checksState === "failed") {
      store.updateRun(
        runId,
        { applyState: "skipped" },
        { type: "sync.skipped", data: { reason: "checks failed" } },
      );
    } else {
      store.updateRun(
        runId,
        { state: "syncing" },
        { type: "run.state", data: { state: "syncing" } },
      );
      const report = await assembler.sync(runId, run.baseCommit, run.integrationCommit);
      if (report.state === "refused")
        problems.push("the result could not be applied to your working tree");
      store.updateRun(
        runId,
        { applyState: report.state },
        { type: `sync.${report.state}`, data: { ...report } },
      );
    }
  }
  const state = problems.length ? "failed" : "completed";
  store.updateRun(
    runId,
    { state, finishedAt: Date.now(), error: problems.length ? problems.join("; ") : undefined },
    {
      type: "run.state",
      data: { state, ...(problems.length ? { error: problems.join("; ") } : {}) },
    },
  );
  return store.getRun(runId) ?? run;
}
