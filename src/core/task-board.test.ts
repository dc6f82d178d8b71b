import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { openStore } from "../store/sqlite-store.js";
import { DEFAULT_RUN_OPTIONS } from "./records.js";
import type { RunStore } from "./store-port.js";
import { withTaskBoard } from "./task-board.js";

const BASE = "b".repeat(40);

function storeWithRuns(): { gitDir: string; store: RunStore } {
  const gitDir = mkdtempSync(path.join(tmpdir(), "armada-board-"));
  const store = openStore(gitDir);
  onTestFinished(() => {
    store.close();
    rmSync(gitDir, { recursive: true, force: true });
  });
  for (const id of ["r1", "r2"]) {
    store.createRun({
      id,
      plan: {
        objective: "o",
        checks: [],
        tasks: ["a", "b", "c"].map((t) => ({
          id: t,
          title: t.toUpperCase(),
          instructions: "do",
          files: [`${t}.js`],
          deps: t === "c" ? ["a"] : [],
          checks: [],
        })),
      },
      baseCommit: BASE,
      headCommit: BASE,
      headRef: "main",
      options: { ...DEFAULT_RUN_OPTIONS, agent: "command", sandbox: "worktree" },
    });
  }
  return { gitDir, store };
}

describe("the master's task board", () => {
  it("ends many tasks in one write, each with its event, and reads them back as the store has them", () => {
    const { store } = storeWithRuns();
    const board = withTaskBoard(store, "r1");
    board.updateTask("r1", "a", { state: "completed", finishedAt: 1 });
    const before = store.eventsAfter("r1", 0).length;
    board.updateTasks(
      "r1",
      ["b", "c"].map((taskId) => ({
        taskId,
        patch: { state: "cancelled", error: "the run was cancelled" },
        event: { type: "task.state", data: { state: "cancelled" } },
      })),
    );
    expect(board.listTasks("r1").map((t) => [t.id, t.state, t.error])).toEqual([
      ["a", "completed", undefined],
      ["b", "cancelled", "the run was cancelled"],
      ["c", "cancelled", "the run was cancelled"],
    ]);
    expect(board.listTasks("r1")).toEqual(store.listTasks("r1"));
    const events = store.eventsAfter("r1", 0).slice(before);
    expect(events.map((e) => [e.taskId, e.type])).toEqual([
      ["b", "task.state"],
      ["c", "task.state"],
    ]);
    expect(board.listTasks("r2").map((t) => t.state)).toEqual(["queued", "queued", "queued"]);
  });

  it("reads what it wrote without going back to the store, and the store has it too", () => {
    const { store } = storeWithRuns();
    const board = withTaskBoard(store, "r1");
    const held = board.getTask("r1", "a");
    board.updateTask(
      "r1",
      "a",
      { state: "active", attempts: 1, startedAt: 5 },
      { type: "task.state", data: { state: "active" } },
    );
    // Records handed out before stay what they were, as the store's own reads would.
    expect(held).toMatchObject({ state: "queued", attempts: 0 });
    expect(board.getTask("r1", "a")).toMatchObject({ state: "active", attempts: 1, startedAt: 5 });
    expect(board.listTasks("r1").map((t) => t.state)).toEqual(["active", "queued", "queued"]);
    expect(store.getTask("r1", "a")).toEqual(board.getTask("r1", "a"));
    board.updateTask("r1", "a", { startedAt: undefined, conflictPaths: ["x"] });
    expect(board.getTask("r1", "a")).toEqual(store.getTask("r1", "a"));
  });

  it("adds tasks to the list it holds, in order, and leaves other runs to the store", () => {
    const { store } = storeWithRuns();
    const board = withTaskBoard(store, "r1");
    const before = board.listTasks("r1");
    board.addTask("r1", {
      id: "fixup-1",
      kind: "fixup",
      title: "F",
      instructions: "fix",
      files: [],
      deps: [],
      checks: [],
    });
    expect(before.map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(board.listTasks("r1").map((t) => t.id)).toEqual(["a", "b", "c", "fixup-1"]);
    store.updateTask("r2", "b", { state: "failed" });
    expect(board.getTask("r2", "b")?.state).toBe("failed");
    expect(board.listTasks("r2").map((t) => t.state)).toEqual(["queued", "failed", "queued"]);
  });

  it("sees a cancel another process asked for, and only for tasks that have not ended", () => {
    const { gitDir, store } = storeWithRuns();
    const board = withTaskBoard(store, "r1");
    board.listTasks("r1");
    board.updateTask("r1", "b", { state: "completed" });
    const other = openStore(gitDir);
    onTestFinished(() => other.close());
    other.updateTask("r1", "a", { cancelRequested: true });
    other.updateTask("r1", "b", { cancelRequested: true });
    other.updateTask("r2", "c", { cancelRequested: true });
    expect(board.getTask("r1", "a")?.cancelRequested).toBe(false);
    expect(board.tasksAskedToCancel("r1")).toEqual(["a"]);
    expect(board.getTask("r1", "a")?.cancelRequested).toBe(true);
    expect(board.tasksAskedToCancel("r2")).toEqual(["c"]);
  });
});
