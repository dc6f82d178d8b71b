import { describe, expect, it } from "vitest";
import {
  countStates,
  DEFAULT_QUERY,
  selectTasks,
  type TaskQuery,
  taskDuration,
} from "./task-filter.js";
import { taskView } from "./test-support/fixtures.js";

const tasks = [
  taskView("alpha", 1, { state: "completed", startedAt: 0, finishedAt: 50 }),
  taskView("beta", 2, { state: "failed", startedAt: 0, finishedAt: 10, error: "Tests FAILED" }),
  taskView("gamma", 3, { state: "active", startedAt: 70, title: "Port the parser" }),
  taskView("delta", 4),
];

const ids = (list: { id: string }[]) => list.map((task) => task.id);
const query = (overrides: Partial<TaskQuery>): TaskQuery => ({ ...DEFAULT_QUERY, ...overrides });

describe("taskDuration", () => {
  it("measures finished tasks, active ones until now, and nothing before a start", () => {
    expect(taskDuration(tasks[0] as never, 100)).toBe(50);
    expect(taskDuration(tasks[2] as never, 100)).toBe(30);
    expect(taskDuration(tasks[3] as never, 100)).toBeUndefined();
  });
});

describe("selectTasks", () => {
  it("keeps plan order by default and never returns the input list", () => {
    const shown = selectTasks(tasks, DEFAULT_QUERY, 100);
    expect(ids(shown)).toEqual(["alpha", "beta", "gamma", "delta"]);
    expect(shown).not.toBe(tasks);
  });

  it("filters by state", () => {
    expect(ids(selectTasks(tasks, query({ states: new Set(["failed", "active"]) }), 100))).toEqual([
      "beta",
      "gamma",
    ]);
  });

  it("searches id, title and error without regard to case", () => {
    expect(ids(selectTasks(tasks, query({ search: "ALP" }), 100))).toEqual(["alpha"]);
    expect(ids(selectTasks(tasks, query({ search: "parser" }), 100))).toEqual(["gamma"]);
    expect(ids(selectTasks(tasks, query({ search: " failed " }), 100))).toEqual(["beta"]);
    expect(ids(selectTasks(tasks, query({ search: "nothing" }), 100))).toEqual([]);
  });

  it("sorts by id, state and duration, either way", () => {
    expect(ids(selectTasks(tasks, query({ sort: "id" }), 100))).toEqual([
      "alpha",
      "beta",
      "delta",
      "gamma",
    ]);
    expect(ids(selectTasks(tasks, query({ sort: "state" }), 100))).toEqual([
      "delta",
      "gamma",
      "alpha",
      "beta",
    ]);
    expect(ids(selectTasks(tasks, query({ sort: "duration", descending: true }), 100))).toEqual([
      "alpha",
      "gamma",
      "beta",
      "delta",
    ]);
    expect(ids(selectTasks(tasks, query({ descending: true }), 100))).toEqual([
      "delta",
      "gamma",
      "beta",
      "alpha",
    ]);
  });
});

describe("countStates", () => {
  it("counts every state, zero included", () => {
    expect(countStates(tasks)).toEqual({
      queued: 1,
      active: 1,
      completed: 1,
      failed: 1,
      blocked: 0,
      cancelled: 0,
    });
  });
});
