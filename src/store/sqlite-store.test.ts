import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it, onTestFinished } from "vitest";
import { DEFAULT_RUN_OPTIONS, type RunStore } from "../core/index.js";
import { MIGRATIONS } from "./migrations.js";
import { armadaDir } from "./open-store.js";
import { openStore } from "./sqlite-store.js";

const BASE = "b".repeat(40);

function tempGitDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-store-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(gitDir: string): RunStore {
  const store = openStore(gitDir);
  onTestFinished(() => store.close());
  return store;
}

function createRun(store: RunStore): void {
  store.createRun({
    id: "r1",
    plan: {
      objective: "o",
      checks: [],
      tasks: [{ id: "a", title: "A", instructions: "do", files: [], deps: [], checks: [] }],
    },
    baseCommit: BASE,
    headCommit: BASE,
    headRef: "main",
    options: { ...DEFAULT_RUN_OPTIONS, agent: "command", sandbox: "worktree" },
  });
}

function insertAttempt(store: RunStore, n: number, worker: string | undefined): void {
  store.insertAttempt({
    runId: "r1",
    taskId: "a",
    n,
    state: "running",
    startCommit: BASE,
    sandbox: undefined,
    pgid: undefined,
    worker,
    logPath: `/logs/a.${n}.log`,
    error: undefined,
    agentMs: undefined,
    commit: undefined,
    usage: undefined,
    metrics: undefined,
    startedAt: n,
    finishedAt: undefined,
  });
}

describe("sqliteStore attempts", () => {
  it("keeps the worker an attempt ran on: at insert, when a worker takes it, after reopening", () => {
    const gitDir = tempGitDir();
    const store = open(gitDir);
    createRun(store);
    insertAttempt(store, 1, undefined);
    insertAttempt(store, 2, "w0");
    store.updateAttempt("r1", "a", 1, { worker: "w1" });
    store.updateAttempt("r1", "a", 2, { pgid: 42 });
    expect(
      open(gitDir)
        .listAttempts("r1", "a")
        .map((a) => [a.n, a.worker, a.pgid]),
    ).toEqual([
      [1, "w1", undefined],
      [2, "w0", 42],
    ]);
  });

  it("adds the columns of later versions to a store an older armada wrote", () => {
    const gitDir = tempGitDir();
    createRun(open(gitDir));
    const db = new Database(path.join(armadaDir(gitDir), "armada.db"));
    db.exec("ALTER TABLE attempts DROP COLUMN worker");
    db.exec("ALTER TABLE tasks DROP COLUMN require_change");
    db.exec("ALTER TABLE runs DROP COLUMN baseline");
    for (const column of ["culprits", "flaky", "verified", "setup"]) {
      db.exec(`ALTER TABLE runs DROP COLUMN ${column}`);
    }
    db.exec("DROP INDEX tasks_asked_to_cancel");
    db.exec("DROP INDEX tasks_asked_to_retry");
    db.exec("DROP INDEX events_by_task");
    db.exec("ALTER TABLE tasks DROP COLUMN retry_requested");
    db.pragma(`user_version = ${MIGRATIONS.length - 5}`);
    db.prepare(
      "INSERT INTO attempts (run_id, task_id, n, state, start_commit, log_path, started_at) VALUES ('r1', 'a', 1, 'failed', ?, '/l', 1)",
    ).run(BASE);
    db.close();
    const store = open(gitDir);
    expect(store.listAttempts("r1").map((a) => a.worker)).toEqual([undefined]);
    store.updateAttempt("r1", "a", 1, { worker: "w2" });
    expect(store.listAttempts("r1").map((a) => a.worker)).toEqual(["w2"]);
    expect(store.listTasks("r1").map((t) => t.requireChange)).toEqual(
      store.listTasks("r1").map(() => false),
    );
    expect(store.listTasks("r1").map((t) => t.retryRequested)).toEqual([false]);
    expect(store.tasksAskedToRetry("r1")).toEqual([]);
    expect(store.getRun("r1")?.baseline).toBeUndefined();
    expect(store.getRun("r1")).toMatchObject({ culprits: [], flaky: [], verified: undefined });
  });
});
