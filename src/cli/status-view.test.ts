import { describe, expect, it } from "vitest";
import { runFixture } from "../ui/test-support/run-fixture.js";
import { eventLine } from "./event-line.js";
import { formatStatus, loadView, statusJson } from "./status-view.js";

/** A fleet run: a on w1 (done), b on w2 (working), c started but not taken yet, d queued. */
function fleetRun() {
  const fx = runFixture(["a", "b", "c", "d"]);
  fx.start("a");
  fx.pickUp("a", "w1");
  fx.finish("a", "completed");
  fx.start("b");
  fx.pickUp("b", "w2");
  fx.start("c");
  const run = fx.store.getRun(fx.runId);
  if (!run) throw new Error("the fixture's run is gone");
  return { fx, view: loadView(fx.store, run) };
}

describe("armada status on a large run", () => {
  it("lists the tasks worth a look and counts the rest; --all lists every one", () => {
    const ids = Array.from({ length: 500 }, (_, i) => `t${i}`);
    const fx = runFixture(ids);
    fx.start("t250");
    fx.start("t300");
    fx.finish("t300", "failed");
    fx.start("t0");
    fx.finish("t0", "completed");
    const run = fx.store.getRun(fx.runId);
    if (!run) throw new Error("the fixture's run is gone");
    const text = formatStatus(loadView(fx.store, run));
    expect(text.split("\n").length).toBeLessThan(45);
    expect(text).toMatch(/Convert t250 .*\[WORKING\]/);
    expect(text).toMatch(/Convert t300 .*\[FAILED\]/);
    expect(text).toMatch(/Convert t0 .*\[DONE\]/);
    expect(text).toContain(
      `… 480 more tasks (480 queued): \`armada status ${fx.runId} --all\` lists every one`,
    );
    const all = formatStatus(loadView(fx.store, run), 100, true);
    expect(all).toMatch(/Convert t499 .*\[QUEUED\]/);
    expect(all).not.toContain("more tasks");
  });
});

describe("armada status on a fleet run", () => {
  it("names the worker of each started task", () => {
    const lines = formatStatus(fleetRun().view).split("\n");
    const row = (id: string) => lines.find((l) => l.includes(`Convert ${id} `));
    expect(row("a")).toMatch(/\[DONE\] on worker w1$/);
    expect(row("b")).toMatch(/\[WORKING\] attempt 1 on worker w2$/);
    expect(row("c")).toMatch(/\[WORKING\] attempt 1$/);
    expect(row("d")).toMatch(/\[QUEUED\]$/);
  });

  it("--json: each task's worker, and its last attempt's", () => {
    const tasks = statusJson(fleetRun().view).tasks as {
      id: string;
      worker: string | null;
      lastAttempt: { worker: string | null } | null;
    }[];
    expect(tasks.map((t) => [t.id, t.worker, t.lastAttempt?.worker])).toEqual([
      ["a", "w1", "w1"],
      ["b", "w2", "w2"],
      ["c", null, null],
      ["d", null, undefined],
    ]);
  });

  it("plain lines say when a worker takes a task", () => {
    const { fx } = fleetRun();
    const lines = fx.store
      .eventsAfter(fx.runId, 0)
      .map(eventLine)
      .filter((l) => l?.includes("WORKER"));
    expect(lines.map((l) => l?.slice(9))).toEqual([
      "a ON WORKER w1 (attempt 1)",
      "b ON WORKER w2 (attempt 1)",
    ]);
  });
});
