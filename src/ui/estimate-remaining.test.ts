import { describe, expect, it } from "vitest";
import { estimateRemaining } from "./estimate-remaining.js";
import { loadRunModel, retally, talliedFacts } from "./run-model.js";
import { runFixture } from "./test-support/run-fixture.js";

describe("estimateRemaining", () => {
  it("shares the queued and working tasks' expected work among the run's slots", () => {
    const fx = runFixture(["a", "b", "c", "d", "e", "f"], { concurrency: 2 });
    const model = loadRunModel(fx.store, fx.runId);
    // Rows change as the events move them: the tally follows each change.
    const set = (id: string, patch: object) => {
      const row = model.tasks.get(id);
      if (!row) throw new Error(`no task ${id}`);
      const before = talliedFacts(row);
      Object.assign(row, patch);
      retally(model, before, row);
    };
    expect(estimateRemaining(model, 0)).toBeUndefined();
    set("a", { state: "completed", startedAt: 0, finishedAt: 10_000 });
    set("b", { state: "completed", startedAt: 0, finishedAt: 30_000 });
    set("c", { state: "active", startedAt: 25_000 });
    // mean 20s; c needs 15s more; d, e, f 20s each; two slots: (15 + 60) / 2.
    expect(estimateRemaining(model, 30_000)).toBe(37_500);
    // A working task past the mean adds nothing.
    expect(estimateRemaining(model, 60_000)).toBe(30_000);
    for (const id of ["c", "d", "e", "f"]) set(id, { state: "failed" });
    expect(estimateRemaining(model, 60_000)).toBeUndefined();
  });
});
