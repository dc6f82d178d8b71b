import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import {
  DEFAULT_RUN_OPTIONS,
  type RunStore,
  type TaskState,
  type Usage,
} from "../../core/index.js";
import { openStore } from "../../store/index.js";

/**
 * A run in a real store, moved by the same writes (and events) the engine makes, so that
 * dashboard tests can set up any moment of a run without agents.
 */
export interface RunFixture {
  store: RunStore;
  runId: string;
  dir: string;
  /** Starts an attempt: the attempt row, its log file, the `task.state active` event. */
  start(taskId: string, n?: number): string;
  log(taskId: string, text: string, n?: number): void;
  /** A fleet worker took the attempt: the attempt's worker, the `task.worker` event. */
  pickUp(taskId: string, worker: string, n?: number): void;
  finish(
    taskId: string,
    state: Exclude<TaskState, "queued" | "active">,
    how?: { error?: string; changed?: string[]; usage?: Usage },
  ): void;
  conflict(taskId: string, paths: string[]): void;
  /** Marks the run's master as this process, alive. */
  claim(): void;
}

const BASE = "b".repeat(40);

export function runFixture(
  ids: string[],
  options: {
    objective?: string;
    concurrency?: number;
    budgetUsd?: number;
    planUsage?: Usage;
    cloud?: string;
  } = {},
): RunFixture {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-ui-"));
  const store = openStore(dir);
  onTestFinished(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const runId = "r1";
  store.createRun({
    id: runId,
    plan: {
      objective: options.objective ?? "Convert all JavaScript files to TypeScript",
      checks: [],
      tasks: ids.map((id) => ({
        id,
        title: `Convert ${id}`,
        instructions: "convert",
        files: [`${id}.js`],
        deps: [],
        checks: [],
      })),
    },
    baseCommit: BASE,
    headCommit: BASE,
    headRef: "main",
    planUsage: options.planUsage,
    options: {
      ...DEFAULT_RUN_OPTIONS,
      concurrency: options.concurrency ?? 4,
      budgetUsd: options.budgetUsd,
      cloud: options.cloud,
      agent: "command",
      sandbox: "worktree",
    },
  });
  const logOf = (taskId: string, n: number): string => path.join(dir, "logs", `${taskId}.${n}.log`);
  mkdirSync(path.join(dir, "logs"));
  const fixture: RunFixture = {
    store,
    runId,
    dir,
    start(taskId, n = 1) {
      const logPath = logOf(taskId, n);
      appendFileSync(logPath, `armada: task ${taskId}, attempt ${n}\n`);
      store.insertAttempt({
        runId,
        taskId,
        n,
        state: "running",
        startCommit: BASE,
        sandbox: undefined,
        pgid: undefined,
        worker: undefined,
        logPath,
        error: undefined,
        agentMs: undefined,
        commit: undefined,
        usage: undefined,
        metrics: undefined,
        startedAt: Date.now(),
        finishedAt: undefined,
      });
      store.updateTask(
        runId,
        taskId,
        { state: "active", attempts: n, startedAt: Date.now(), finishedAt: undefined },
        { type: "task.state", data: { state: "active", attempt: n } },
      );
      return logPath;
    },
    log(taskId, text, n = 1) {
      appendFileSync(logOf(taskId, n), text);
    },
    pickUp(taskId, worker, n = 1) {
      store.updateAttempt(runId, taskId, n, { worker });
      store.appendEvent(runId, {
        type: "task.worker",
        taskId,
        data: { attempt: n, worker },
      });
    },
    finish(taskId, state, how = {}) {
      const attempts = store.getTask(runId, taskId)?.attempts ?? 0;
      if (attempts > 0) {
        store.updateAttempt(runId, taskId, attempts, {
          state:
            state === "completed" ? "succeeded" : state === "cancelled" ? "cancelled" : "failed",
          usage: how.usage,
          finishedAt: Date.now(),
        });
      }
      if (state === "completed") {
        const commit = `${taskId.replace(/[^0-9a-f]/g, "a")}${"c".repeat(40)}`.slice(0, 40);
        store.saveResult({
          runId,
          taskId,
          attempt: attempts,
          commit,
          startCommit: BASE,
          changed: how.changed ?? [`${taskId}.ts`],
          outOfScope: [],
        });
      }
      store.updateTask(
        runId,
        taskId,
        { state, finishedAt: Date.now(), ...(how.error ? { error: how.error } : {}) },
        {
          type: "task.state",
          data: {
            state,
            attempt: attempts,
            ...(state === "completed" ? { changed: (how.changed ?? [1]).length } : {}),
            ...(how.error ? { error: how.error } : {}),
          },
        },
      );
    },
    conflict(taskId, paths) {
      store.appendEvent(runId, {
        type: "task.conflict",
        taskId,
        data: { paths, policy: "stop" },
      });
      store.updateTask(runId, taskId, { mergeState: "conflict", conflictPaths: paths });
    },
    claim() {
      store.updateRun(
        runId,
        { masterPid: process.pid, masterHost: hostname(), heartbeatAt: Date.now() },
        { type: "run.state", data: { state: "running", pid: process.pid } },
      );
    },
  };
  return fixture;
}
