import { afterEach, describe, expect, it, vi } from "vitest";
import { watchRun } from "./run-watcher.js";
import { runFixture } from "./test-support/run-fixture.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("watchRun", () => {
  it("announces changes no faster than frames can be drawn, and ticks for the clocks", () => {
    const fx = runFixture(["a", "b", "c"]);
    vi.useFakeTimers({ toFake: ["Date"] });
    const start = Date.now();
    const at = (ms: number) => vi.setSystemTime(start + ms);
    const watcher = watchRun(fx.store, fx.runId, { pollMs: 3_600_000, gapMs: 250 });
    let announced = 0;
    watcher.subscribe(() => announced++);
    fx.start("a");
    at(100);
    watcher.poll();
    expect([announced, watcher.model.tasks.get("a")?.state]).toEqual([0, "active"]);
    at(260);
    watcher.poll();
    expect(announced).toBe(1);
    // Nothing new: the clocks still move once a second.
    at(900);
    watcher.poll();
    expect(announced).toBe(1);
    at(1300);
    watcher.poll();
    expect(announced).toBe(2);
    // Frames that take 15 ms to draw space the changes 1 s apart (3% of a core, twice Ink's time).
    for (let i = 0; i < 30; i++) watcher.drew(15);
    fx.start("b");
    at(1600);
    watcher.poll();
    expect(announced).toBe(2);
    at(2290);
    watcher.poll();
    expect(announced).toBe(2);
    at(2310);
    watcher.poll();
    expect(announced).toBe(3);
    // Never more than ten a second however fast the frames.
    for (let i = 0; i < 30; i++) watcher.drew(0.1);
    fx.start("c");
    at(2350);
    watcher.poll();
    at(2400);
    watcher.poll();
    expect(announced).toBe(3);
    at(2420);
    watcher.poll();
    expect(announced).toBe(4);
    watcher.stop();
  });
});
