import { describe, expect, it } from "vitest";
import type { RunChange, TaskView } from "../api.js";
import { applyChange, findTask, modelFromSnapshot } from "./run-model.js";
import { runView, snapshot, taskView } from "./test-support/fixtures.js";

function change(seq: number, tasks: TaskView[], extra: Partial<RunChange> = {}): RunChange {
  return { seq, run: runView({ state: "running" }), tasks, ...extra };
}

const ids = (tasks: readonly TaskView[]) => tasks.map((task) => task.id);

describe("modelFromSnapshot", () => {
  it("orders the tasks by seq and indexes them by id", () => {
    const model = modelFromSnapshot(snapshot([taskView("b", 2), taskView("a", 1)]));
    expect(ids(model.tasks)).toEqual(["a", "b"]);
    expect(findTask(model, "b")?.seq).toBe(2);
    expect(findTask(model, "zzz")).toBeUndefined();
  });
});

describe("applyChange", () => {
  const base = () =>
    modelFromSnapshot(snapshot([taskView("a", 1), taskView("b", 2), taskView("c", 3)], 10));

  it("replaces a task in place and keeps the others' objects", () => {
    const model = base();
    const before = model.tasks;
    const next = applyChange(model, change(11, [taskView("b", 2, { state: "active" })]));
    expect(ids(next.tasks)).toEqual(["a", "b", "c"]);
    expect(findTask(next, "b")?.state).toBe("active");
    expect(next.tasks[0]).toBe(before[0]);
    expect(next.tasks[2]).toBe(before[2]);
    expect(before[1]?.state).toBe("queued");
    expect(next.seq).toBe(11);
    expect(next.plan).toBe(model.plan);
  });

  it("ignores a change it already applied", () => {
    const model = base();
    expect(applyChange(model, change(10, [taskView("a", 1, { state: "failed" })]))).toBe(model);
    expect(applyChange(model, change(3, []))).toBe(model);
  });

  it("keeps the list itself when no task moved", () => {
    const model = base();
    const next = applyChange(model, change(11, []));
    expect(next.tasks).toBe(model.tasks);
    expect(next.run.state).toBe("running");
  });

  it("appends new tasks in seq order and renews the plan", () => {
    const model = base();
    const next = applyChange(model, change(11, [taskView("e", 5), taskView("d", 4)]));
    expect(ids(next.tasks)).toEqual(["a", "b", "c", "d", "e"]);
    expect(findTask(next, "e")?.seq).toBe(5);
    expect(next.plan).toBe(next.tasks);
    expect(next.plan).not.toBe(model.plan);
    expect(ids(model.tasks)).toEqual(["a", "b", "c"]);
    expect(findTask(model, "e")).toBeUndefined();
  });

  it("gives the same result applied twice to the same model", () => {
    const model = base();
    const added = change(11, [taskView("d", 4)]);
    const first = applyChange(model, added);
    const second = applyChange(model, added);
    expect(ids(second.tasks)).toEqual(ids(first.tasks));
    expect(findTask(second, "d")?.seq).toBe(4);
  });

  it("inserts a task whose seq falls inside the plan", () => {
    const model = modelFromSnapshot(snapshot([taskView("a", 1), taskView("c", 3)], 1));
    const next = applyChange(
      model,
      change(2, [taskView("b", 2), taskView("c", 3, { attempt: 2 })]),
    );
    expect(ids(next.tasks)).toEqual(["a", "b", "c"]);
    expect(findTask(next, "c")?.attempt).toBe(2);
    expect(findTask(next, "a")?.id).toBe("a");
  });

  it("renews the plan when a task's deps change", () => {
    const model = base();
    const next = applyChange(model, change(11, [taskView("c", 3, { deps: ["a"] })]));
    expect(next.plan).toBe(next.tasks);
    expect(next.plan).not.toBe(model.plan);
  });

  it("replaces the sections only when the change has them", () => {
    const model = base();
    const conflicts = [{ taskId: "a", at: 5, paths: ["x"], outcome: "redo" as const }];
    const withConflicts = applyChange(model, change(11, [], { conflicts }));
    expect(withConflicts.conflicts).toBe(conflicts);
    const later = applyChange(withConflicts, change(12, []));
    expect(later.conflicts).toBe(conflicts);
    expect(later.checkRounds).toBe(model.checkRounds);
  });
});
