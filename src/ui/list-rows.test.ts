import { describe, expect, it } from "vitest";
import { listRows, scrollOffset } from "./list-rows.js";
import type { TaskRow } from "./run-model.js";

function task(
  id: string,
  seq: number,
  state: TaskRow["state"],
  more: Partial<TaskRow> = {},
): TaskRow {
  return {
    id,
    seq,
    title: id,
    kind: "task",
    state,
    mergeState: "pending",
    conflictPaths: [],
    redos: 0,
    attempt: 0,
    startedAt: undefined,
    finishedAt: undefined,
    error: undefined,
    cancelRequested: false,
    phase: undefined,
    logPath: undefined,
    lastLine: undefined,
    worker: undefined,
    noChange: undefined,
    deps: [],
    resolves: undefined,
    ...more,
  };
}

const names = (rows: ReturnType<typeof listRows>): string[] =>
  rows.map((r) =>
    r.kind === "task" ? r.task.id : `[${r.count} done${r.expanded ? " open" : ""}]`,
  );

describe("listRows", () => {
  const tasks = [
    task("a", 0, "completed", { finishedAt: 5 }),
    task("b", 1, "queued"),
    task("c", 2, "active", { startedAt: 9 }),
    task("d", 3, "failed"),
    task("e", 4, "completed", { finishedAt: 7, mergeState: "conflict" }),
    task("f", 5, "active", { startedAt: 3 }),
    task("g", 6, "cancelled"),
    task("h", 7, "blocked"),
    task("i", 8, "completed", { finishedAt: 8 }),
    task("j", 9, "completed", { finishedAt: 9, noChange: "Nothing to do." }),
  ];

  it("keeps plan order when every task fits", () => {
    expect(names(listRows(tasks, 10, false))).toEqual([
      "a",
      "b",
      "c",
      "d",
      "e",
      "f",
      "g",
      "h",
      "i",
      "j",
    ]);
  });

  it("orders by what needs eyes and folds the done tasks when they do not fit", () => {
    expect(names(listRows(tasks, 8, false))).toEqual([
      "f",
      "c",
      "d",
      "e",
      "h",
      "j",
      "b",
      "g",
      "[2 done]",
    ]);
    expect(names(listRows(tasks, 8, true))).toEqual([
      "f",
      "c",
      "d",
      "e",
      "h",
      "j",
      "b",
      "g",
      "[2 done open]",
      "i",
      "a",
    ]);
  });
});

describe("scrollOffset", () => {
  it("moves the window only as far as the selection needs", () => {
    expect(scrollOffset(0, 5, 10, 100)).toBe(0);
    expect(scrollOffset(0, 10, 10, 100)).toBe(1);
    expect(scrollOffset(40, 35, 10, 100)).toBe(35);
    expect(scrollOffset(40, 45, 10, 100)).toBe(40);
    expect(scrollOffset(95, 99, 10, 100)).toBe(90);
    expect(scrollOffset(50, 2, 10, 5)).toBe(0);
  });
});
