import { describe, expect, it } from "vitest";
import { countTicks, doneAt, doneSteps, doneTimes, timeTicks } from "./burndown.js";
import { taskView } from "./test-support/fixtures.js";

describe("doneTimes", () => {
  it("keeps the finish times of tasks in a terminal state, sorted", () => {
    const tasks = [
      taskView("a", 1, { state: "completed", finishedAt: 30 }),
      taskView("b", 2, { state: "active", startedAt: 5 }),
      taskView("c", 3, { state: "failed", finishedAt: 10 }),
      taskView("d", 4, { state: "blocked", finishedAt: 20 }),
      taskView("e", 5, { state: "cancelled", finishedAt: 40 }),
      taskView("f", 6, { state: "queued", finishedAt: 15 }),
      taskView("g", 7, { state: "completed" }),
    ];
    expect(Array.from(doneTimes(tasks))).toEqual([10, 20, 30, 40]);
  });
});

describe("doneAt", () => {
  it("counts the times at or before a moment", () => {
    const times = [10, 20, 20, 30];
    expect(doneAt(times, 5)).toBe(0);
    expect(doneAt(times, 10)).toBe(1);
    expect(doneAt(times, 20)).toBe(3);
    expect(doneAt(times, 99)).toBe(4);
    expect(doneAt([], 99)).toBe(0);
  });
});

describe("doneSteps", () => {
  it("has a corner per change and ends at the right edge", () => {
    expect(doneSteps([10, 20, 20, 30], 0, 25)).toEqual([
      { at: 0, done: 0 },
      { at: 10, done: 1 },
      { at: 20, done: 3 },
      { at: 25, done: 3 },
    ]);
  });

  it("keeps one corner per column when more changes fall in the window", () => {
    const times = Array.from({ length: 1000 }, (_, i) => i + 1);
    const steps = doneSteps(times, 0, 1000, 10);
    expect(steps.length).toBeLessThanOrEqual(12);
    expect(steps[0]).toEqual({ at: 0, done: 0 });
    expect(steps[1]).toEqual({ at: 100, done: 100 });
    expect(steps[steps.length - 1]).toEqual({ at: 1000, done: 1000 });
    expect(doneSteps(times.slice(0, 5), 0, 1000, 10)).toHaveLength(7);
  });

  it("starts from what was done before the window", () => {
    expect(doneSteps([1, 2, 50], 10, 60)).toEqual([
      { at: 10, done: 2 },
      { at: 50, done: 3 },
      { at: 60, done: 3 },
    ]);
  });
});

describe("ticks", () => {
  it("picks a round time step", () => {
    expect(timeTicks(60_000, 6)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
    expect(timeTicks(3_600_000, 4)).toEqual([0, 900_000, 1_800_000, 2_700_000, 3_600_000]);
  });

  it("picks a round count step", () => {
    expect(countTicks(0, 5)).toEqual([0]);
    expect(countTicks(3, 5)).toEqual([0, 1, 2, 3]);
    expect(countTicks(200, 5)).toEqual([0, 50, 100, 150, 200]);
    expect(countTicks(1234, 4)).toEqual([0, 500, 1000]);
  });
});
