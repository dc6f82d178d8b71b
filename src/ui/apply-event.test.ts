import { describe, expect, it } from "vitest";
import { countByState, type RunEvent } from "../core/index.js";
import { applyEvent, type EventLookup } from "./apply-event.js";
import { loadRunModel } from "./run-model.js";
import { runFixture } from "./test-support/run-fixture.js";

const noLookup: EventLookup = { task: () => undefined, attempts: () => [] };

function event(seq: number, type: string, taskId: string | undefined, data: object): RunEvent {
  return { seq, runId: "r1", taskId, type, data: { ...data }, at: 1_000 + seq };
}

describe("applyEvent", () => {
  it("follows a task through retry, conflict, redo and merge", () => {
    const fx = runFixture(["a"]);
    const model = loadRunModel(fx.store, fx.runId);
    const a = () => model.tasks.get("a");
    const steps: [string, object][] = [
      ["task.state", { state: "active", attempt: 1 }],
      ["task.retry", { attempt: 1, error: "exit 1", next: 2 }],
      ["task.state", { state: "active", attempt: 2 }],
      ["task.state", { state: "completed", attempt: 2, changed: 1 }],
      ["task.conflict", { paths: ["x.ts"], policy: "redo" }],
      ["task.redo", { paths: ["x.ts"], redo: 1, of: 2 }],
    ];
    steps.forEach(([type, data], i) => {
      applyEvent(model, event(100 + i, type, "a", data), noLookup);
    });
    expect(a()).toMatchObject({
      state: "queued",
      attempt: 2,
      mergeState: "pending",
      redos: 1,
      conflictPaths: ["x.ts"],
    });
    applyEvent(model, event(200, "task.state", "a", { state: "active", attempt: 3 }), noLookup);
    applyEvent(model, event(201, "task.state", "a", { state: "completed", attempt: 3 }), noLookup);
    applyEvent(model, event(202, "task.merged", "a", { commit: "f".repeat(40) }), noLookup);
    expect(a()).toMatchObject({
      state: "completed",
      mergeState: "merged",
      startedAt: 1200,
      finishedAt: 1201,
    });
    expect(model.run.integrationCommit).toBe("f".repeat(40));
    expect(model.lastSeq).toBe(202);
  });

  it("moves the run: checks, sync, the end; unknown events and bad data change nothing", () => {
    const fx = runFixture(["a"]);
    const model = loadRunModel(fx.store, fx.runId);
    const before = structuredClone(model.run);
    applyEvent(model, event(5, "run.budget", undefined, { spentUsd: 3 }), noLookup);
    applyEvent(model, event(6, "run.state", undefined, { state: "exploded" }), noLookup);
    applyEvent(model, event(7, "task.state", "a", { state: 42 }), noLookup);
    expect(model.run).toEqual(before);
    expect(model.tasks.get("a")?.state).toBe("queued");
    applyEvent(model, event(8, "run.checks", undefined, { passed: true }), noLookup);
    applyEvent(model, event(9, "sync.refused", undefined, { paths: ["a"] }), noLookup);
    applyEvent(
      model,
      event(10, "run.state", undefined, { state: "failed", error: "1 failed" }),
      noLookup,
    );
    expect(model.run).toMatchObject({
      checksState: "passed",
      applyState: "refused",
      state: "failed",
      error: "1 failed",
      finishedAt: 1010,
    });
  });

  it("follows setup, bisection's culprits and merge-queue mode's verified point", () => {
    const fx = runFixture(["a", "b"]);
    const model = loadRunModel(fx.store, fx.runId);
    applyEvent(model, event(5, "run.verify", undefined, { passed: true, merges: 10 }), noLookup);
    applyEvent(model, event(6, "run.verify", undefined, { passed: false, merges: 15 }), noLookup);
    applyEvent(
      model,
      event(7, "run.bisect", "b", {
        position: 12,
        of: 15,
        checks: ["npm test"],
        probes: 3,
        partner: "a",
      }),
      noLookup,
    );
    applyEvent(
      model,
      event(8, "run.setup", undefined, { state: "cached", paths: ["node_modules"] }),
      noLookup,
    );
    expect(model.run.setup).toMatchObject({ state: "cached", paths: ["node_modules"] });
    expect(model.run.verified).toMatchObject({ merges: 10 });
    expect(model.run.culprits).toEqual([
      { taskId: "b", position: 12, of: 15, checks: ["npm test"], partner: "a", probes: 3 },
    ]);
  });

  it("adds the planner's and each finished attempt's usage once, from the attempts' rows", () => {
    const fx = runFixture(["a", "b"]);
    fx.start("a");
    fx.finish("a", "completed", { usage: { inputTokens: 1000, outputTokens: 200, costUsd: 0.5 } });
    const model = loadRunModel(fx.store, fx.runId);
    expect(model.usage).toEqual({ inputTokens: 1000, outputTokens: 200, costUsd: 0.5 });
    const lookup: EventLookup = {
      task: (id) => fx.store.getTask(fx.runId, id),
      attempts: (id) => fx.store.listAttempts(fx.runId, id),
    };
    const seq = fx.store.lastEventSeq(fx.runId);
    fx.start("b");
    fx.finish("b", "failed", { usage: { inputTokens: 500, outputTokens: 100, costUsd: 0.25 } });
    // The events since the load, and a replay of the first one: "a" is not counted again.
    for (const e of fx.store.eventsAfter(fx.runId, seq - 1)) applyEvent(model, e, lookup);
    expect(model.usage).toEqual({ inputTokens: 1500, outputTokens: 300, costUsd: 0.75 });
    fx.start("b", 2);
    fx.finish("b", "completed", { usage: { inputTokens: 10, outputTokens: 10 } });
    for (const e of fx.store.eventsAfter(fx.runId, model.lastSeq)) applyEvent(model, e, lookup);
    expect(model.usage).toEqual({ inputTokens: 1510, outputTokens: 310, costUsd: undefined });
  });

  it("looks up what an event does not carry: an added task, an attempt's log", () => {
    const fx = runFixture(["a"]);
    const model = loadRunModel(fx.store, fx.runId);
    fx.store.addTask(fx.runId, {
      id: "fixup-1",
      kind: "fixup",
      title: "Fix the failing checks",
      instructions: "fix",
      files: ["a.js"],
      deps: [],
      checks: [],
    });
    const logPath = fx.start("fixup-1");
    const looked: string[] = [];
    const lookup: EventLookup = {
      task: (id) => {
        looked.push(`task ${id}`);
        return fx.store.getTask(fx.runId, id);
      },
      attempts: (id) => {
        looked.push(`attempts of ${id}`);
        return fx.store.listAttempts(fx.runId, id);
      },
    };
    applyEvent(model, event(1, "task.added", "fixup-1", { kind: "fixup", round: 1 }), lookup);
    applyEvent(model, event(2, "task.added", "fixup-1", { kind: "fixup", round: 1 }), lookup);
    applyEvent(model, event(3, "task.state", "fixup-1", { state: "active", attempt: 1 }), lookup);
    expect(looked).toEqual(["task fixup-1", "attempts of fixup-1"]);
    expect([...model.tasks.keys()]).toEqual(["a", "fixup-1"]);
    expect(model.tasks.get("fixup-1")).toMatchObject({
      title: "Fix the failing checks",
      state: "active",
      logPath,
    });
  });

  it("names the fleet worker of the current attempt, from the store and then from events", () => {
    const fx = runFixture(["a", "b"]);
    fx.start("a");
    fx.pickUp("a", "w1");
    const model = loadRunModel(fx.store, fx.runId);
    const worker = (id: string) => model.tasks.get(id)?.worker;
    expect([worker("a"), worker("b")]).toEqual(["w1", undefined]);
    const steps: [string, string, object][] = [
      ["b", "task.state", { state: "active", attempt: 1 }],
      ["b", "task.worker", { attempt: 1, worker: "w2" }],
      ["a", "task.retry", { attempt: 1, error: "exit 1", next: 2 }],
    ];
    steps.forEach(([id, type, data], i) => {
      applyEvent(model, event(10 + i, type, id, data), noLookup);
    });
    expect([worker("a"), worker("b")]).toEqual([undefined, "w2"]);
    applyEvent(model, event(20, "task.state", "a", { state: "active", attempt: 2 }), noLookup);
    applyEvent(model, event(21, "task.worker", "a", { attempt: 2, worker: "w3" }), noLookup);
    applyEvent(model, event(22, "task.state", "a", { state: "completed", attempt: 2 }), noLookup);
    expect(worker("a")).toBe("w3");
    // A new attempt forgets the last one's worker until a worker takes it.
    applyEvent(model, event(23, "task.state", "b", { state: "active", attempt: 2 }), noLookup);
    expect(worker("b")).toBeUndefined();
    applyEvent(model, event(24, "task.worker", "b", { worker: 7 }), noLookup);
    expect(worker("b")).toBeUndefined();
  });
});

describe("the run's tally", () => {
  it("stays what a recount of every row gives, through every kind of task event", () => {
    const fx = runFixture(["a", "b", "c", "d"]);
    const model = loadRunModel(fx.store, fx.runId);
    const recount = () => {
      const rows = [...model.tasks.values()];
      const counts = countByState(rows);
      const conflicts = rows.filter((t) => t.mergeState === "conflict").length;
      const timed = rows.filter(
        (t) => t.state === "completed" && t.startedAt !== undefined && t.finishedAt !== undefined,
      );
      return {
        counts,
        conflicts,
        timed: timed.length,
        timedMs: timed.reduce((sum, t) => sum + (t.finishedAt ?? 0) - (t.startedAt ?? 0), 0),
        active: rows.filter((t) => t.state === "active").map((t) => t.id),
      };
    };
    const steps: [string, string, object][] = [
      ["a", "task.state", { state: "active", attempt: 1 }],
      ["b", "task.state", { state: "active", attempt: 1 }],
      ["a", "task.state", { state: "completed", attempt: 1 }],
      ["b", "task.retry", { attempt: 1, error: "exit 1", next: 2 }],
      ["c", "task.state", { state: "active", attempt: 1 }],
      ["a", "task.conflict", { paths: ["x.ts"] }],
      ["c", "task.state", { state: "failed", attempt: 1 }],
      ["d", "task.state", { state: "blocked" }],
      ["a", "task.redo", { paths: ["x.ts"], redo: 1 }],
      ["c", "task.requeued", { reason: "retry requested" }],
      ["a", "task.state", { state: "active", attempt: 2 }],
      ["a", "task.state", { state: "completed", attempt: 2 }],
      ["a", "task.merged", { commit: "f".repeat(40) }],
      ["b", "task.state", { state: "cancelled" }],
    ];
    steps.forEach(([task, type, data], i) => {
      applyEvent(model, event(300 + i * 7, type, task, data), noLookup);
      const { tally } = model;
      expect({
        counts: tally.counts,
        conflicts: tally.conflicts,
        timed: tally.timed,
        timedMs: tally.timedMs,
        active: [...tally.active].map((t) => t.id).sort(),
      }).toEqual(recount());
    });
    expect(model.tally.counts).toMatchObject({ completed: 1, cancelled: 1, queued: 1, blocked: 1 });
  });
});
