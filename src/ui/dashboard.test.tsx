import { stripVTControlCharacters } from "node:util";
import { cleanup, render } from "ink-testing-library";
import { afterEach, describe, expect, it, onTestFinished } from "vitest";
import type { RunStore } from "../core/index.js";
import { Dashboard, type DashboardExit, type DashboardMode } from "./dashboard.js";
import { dashboardActions } from "./dashboard-actions.js";
import { watchRun } from "./run-watcher.js";
import { type RunFixture, runFixture } from "./test-support/run-fixture.js";
import { ColorContext } from "./theme.js";
import type { TerminalSize } from "./use-terminal-size.js";

afterEach(cleanup);

const settle = (ms = 30): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Cells a line takes on a terminal: emoji are two wide. */
function cells(line: string): number {
  return [...line].reduce((n, c) => n + (/\p{Extended_Pictographic}/u.test(c) ? 2 : 1), 0);
}

function ids(n: number, prefix = "t"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(3, "0")}`);
}

/** Counts the store's reads, to hold the dashboard to reading events only once it is up. */
function countingStore(store: RunStore): { store: RunStore; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const counted = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
        return Reflect.apply(value, target, args);
      };
    },
  });
  return { store: counted, calls };
}

function show(
  fx: RunFixture,
  options: {
    size?: TerminalSize;
    mode?: DashboardMode;
    store?: RunStore;
    diffText?: (from: string, to: string) => Promise<string>;
    notice?: string;
  } = {},
) {
  const store = options.store ?? fx.store;
  // The test moves the watcher by hand (poll) so frames follow the fixture's writes exactly.
  const watcher = watchRun(store, fx.runId, { pollMs: 3_600_000, gapMs: 0, logEveryMs: 0 });
  onTestFinished(() => watcher.stop());
  const exits: DashboardExit[] = [];
  let runCancels = 0;
  const actions = dashboardActions({
    store,
    runId: fx.runId,
    diffText: options.diffText ?? (async () => ""),
    cancelRun: () => {
      runCancels++;
    },
  });
  const ui = render(
    <ColorContext.Provider value={false}>
      <Dashboard
        watcher={watcher}
        mode={options.mode ?? "watch"}
        actions={actions}
        onExit={(how) => exits.push(how)}
        size={options.size ?? { columns: 100, rows: 30 }}
        notice={options.notice}
      />
    </ColorContext.Provider>,
  );
  const frame = (): string => stripVTControlCharacters(ui.lastFrame() ?? "");
  const press = async (...keys: string[]): Promise<void> => {
    for (const key of keys) {
      ui.stdin.write(key);
      await settle();
    }
  };
  const refresh = async (): Promise<void> => {
    watcher.poll();
    await settle();
  };
  return { ui, watcher, exits, frame, press, refresh, runCancels: () => runCancels };
}

const DOWN = "\u001b[B";
const ESC = "\u001b";
const ENTER = "\r";

describe("dashboard notices", () => {
  it("shows the notice it was opened with (the web dashboard's URL) until something else is said", async () => {
    const fx = runFixture(ids(3));
    fx.start("t001");
    const view = show(fx, { notice: "Web dashboard: http://127.0.0.1:4000/?token=abc" });
    await view.refresh();
    expect(view.frame()).toContain("Web dashboard: http://127.0.0.1:4000/?token=abc");
    await view.press("c");
    expect(view.frame()).toContain("Cancel task t001?");
    expect(view.frame()).not.toContain("Web dashboard:");
  });
});

describe("dashboard layouts", () => {
  it("few tasks: header, every task in plan order, the working task's last log line", async () => {
    const fx = runFixture(ids(5));
    fx.start("t001");
    fx.finish("t001", "completed");
    fx.start("t002");
    fx.log("t002", "compiling src/a.ts\r[#####     ] 50%\n");
    fx.start("t003");
    const view = show(fx);
    await view.refresh();
    const frame = view.frame();
    const lines = frame.split("\n");
    expect(lines[0]).toBe('Armada run r1 · "Convert all JavaScript files to TypeScript"');
    expect(frame).toContain("1/5 (20%)");
    expect(frame).toContain("Sub-agents: 2 active · 1 completed · 0 failed · 2 queued · 0 blocked");
    const rows = lines.filter((l) => /^[ ›] \S+ t\d{3}/.test(l));
    expect(rows.map((r) => /t\d{3}/.exec(r)?.[0])).toEqual([
      "t001",
      "t002",
      "t003",
      "t004",
      "t005",
    ]);
    expect(rows[0]).toMatch(/✅ t001\s+Convert t001\s+DONE\s+#1/);
    // The bar of the progress line: the last redraw after a carriage return, no escapes.
    expect(rows[1]).toMatch(/🔄 t002\s+Convert t002\s+WORKING\s+#1\s+0:0\d\s+\[#####\s+\] 50%/);
    expect(rows[3]).toMatch(/⏳ t004\s+Convert t004\s+QUEUED/);
    expect(lines.at(-1)).toBe(
      "↑↓ j k move · enter log · d diff · c cancel task · q detach (the run goes on)",
    );
    expect(lines.length).toBeLessThanOrEqual(29);
  });

  it("500 tasks: working and failed first, then the queue, done folded into a count", async () => {
    const fx = runFixture(ids(500), { concurrency: 8 });
    for (const id of ids(200)) {
      fx.start(id);
      fx.finish(id, "completed");
    }
    for (const id of ["t250", "t201", "t300"]) fx.start(id);
    fx.start("t210");
    fx.finish("t210", "failed", { error: "tsc exited with code 2\nsrc/a.ts(1,1): error" });
    const view = show(fx, { size: { columns: 120, rows: 40 } });
    await view.refresh();
    const lines = view.frame().split("\n");
    expect(lines.length).toBeLessThanOrEqual(39);
    expect(view.frame()).toContain("200/500 (40%)");
    expect(view.frame()).toContain("3 active · 200 completed · 1 failed · 296 queued");
    const rowIds = lines.map((l) => /^[ ›] \S+ (t\d{3})/.exec(l)?.[1]).filter(Boolean);
    expect(rowIds.slice(0, 3).sort()).toEqual(["t201", "t250", "t300"]);
    expect(rowIds.slice(3, 6)).toEqual(["t210", "t202", "t203"]);
    expect(lines.find((l) => l.includes("t210"))).toMatch(
      /❌ t210.*FAILED.*tsc exited with code 2/,
    );
    // 3 working + 1 failed + 296 queued + the done line.
    expect(view.frame()).toMatch(/── rows 1–32 of 301 ─/);
    await view.press("G");
    expect(view.frame()).toMatch(/── rows 270–301 of 301 ─/);
    expect(lines.some((l) => l.includes("✅ 200 done"))).toBe(false);
    const last = view
      .frame()
      .split("\n")
      .filter((l) => l.startsWith("›"));
    expect(last).toEqual(["› ✅ 200 done · enter shows them"]);
    await view.press(ENTER);
    expect(view.frame()).toMatch(/── rows 270–301 of 501 ─/);
    expect(view.frame()).toContain("› ✅ 200 done · enter folds them");
    await view.press("j");
    // Unfolded, the most recently finished come first.
    expect(view.frame()).toMatch(/› ✅ t200 /);
    await view.press("g");
    expect(view.frame()).toMatch(/── rows 1–32 of 501 ─/);
    expect(view.frame()).toMatch(/› 🔄 t(201|250|300) /);
  });

  it("narrow terminal: every line fits, ids and states stay, titles and details go", async () => {
    const fx = runFixture(ids(30), {
      objective: "Migrate this React app from Webpack to Vite, every part",
    });
    fx.start("t001");
    fx.log("t001", "a very long line of agent output that cannot fit in forty columns\n");
    fx.start("t002");
    fx.finish("t002", "failed", { error: "boom" });
    const view = show(fx, { size: { columns: 40, rows: 16 } });
    await view.refresh();
    const lines = view.frame().split("\n");
    expect(lines.length).toBeLessThanOrEqual(15);
    for (const line of lines) expect(cells(line)).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/^Armada run r1 · "Migrate this React app…$/);
    expect(lines.find((l) => l.includes("t001"))).toMatch(/^› 🔄 t001 {2}WORKING\s+#1\s+0:0\d\s*$/);
    expect(lines.find((l) => l.includes("t002"))).toMatch(/^ {2}❌ t002 {2}FAILED/);
    expect(view.frame()).not.toContain("Convert t001");
    expect(lines.at(-1)).toBe("q detach · jk move · enter log · d diff…");
  });

  it("fleet run: the header names the fleet; working and finished tasks name their worker, where the width allows", async () => {
    const fx = runFixture(ids(4), { cloud: "rediss://:***@queue.internal:6380" });
    fx.start("t001");
    fx.pickUp("t001", "w1");
    fx.finish("t001", "completed");
    fx.start("t002");
    const view = show(fx);
    const row = (id: string) =>
      view
        .frame()
        .split("\n")
        .find((l) => l.includes(`${id}  `));
    await view.refresh();
    expect(row("t002")).not.toContain("@");
    fx.pickUp("t002", "build-box-2");
    fx.log("t002", "step 3 of 9\n");
    fx.start("t003");
    await view.refresh();
    expect(row("t001")).toMatch(/✅ t001\s+Convert t001\s+DONE\s+#1\s+0:0\d @w1\s*$/);
    expect(row("t002")).toMatch(
      /🔄 t002\s+Convert t002\s+WORKING\s+#1\s+0:0\d @build-box-2\s+step 3 of 9/,
    );
    // Not taken by a worker yet, or not started: no worker.
    expect(row("t003")).toMatch(
      /🔄 t003\s+Convert t003\s+WORKING\s+#1\s+0:0\d\s+armada: task t003/,
    );
    expect(row("t003")).not.toContain("@");
    expect(row("t004")).not.toContain("@");
    expect(view.frame().split("\n")[1]).toMatch(
      /^RUNNING · 0:0\d elapsed · ETA .* · fleet rediss:\/\/:\*\*\*@queue\.internal:6380$/,
    );
    await view.press("j", ENTER);
    expect(view.frame()).toMatch(/^Log of t002, attempt 1 on worker build-box-2: .*t002\.1\.log/);
  });

  it("fleet run, narrow terminal: the worker goes before the row outgrows the width", async () => {
    const fx = runFixture(ids(3));
    fx.start("t001");
    fx.pickUp("t001", "a-worker-with-a-very-long-name");
    const view = show(fx, { size: { columns: 40, rows: 12 } });
    await view.refresh();
    for (const line of view.frame().split("\n")) expect(cells(line)).toBeLessThanOrEqual(40);
    expect(view.frame()).toMatch(/🔄 t001 {2}WORKING\s+#1\s+0:0\d\s*$/m);
    expect(view.frame()).not.toContain("@");
  });

  it("reflows when the terminal is resized", async () => {
    const fx = runFixture(ids(3));
    fx.start("t001");
    const view = show(fx, { size: { columns: 100, rows: 20 } });
    expect(view.frame()).toContain("Convert t001");
    view.ui.rerender(
      <ColorContext.Provider value={false}>
        <Dashboard
          watcher={view.watcher}
          mode="watch"
          actions={dashboardActions({ store: fx.store, runId: fx.runId, diffText: async () => "" })}
          onExit={() => {}}
          size={{ columns: 36, rows: 12 }}
        />
      </ColorContext.Provider>,
    );
    await settle();
    expect(view.frame()).not.toContain("Convert t001");
    for (const line of view.frame().split("\n")) expect(cells(line)).toBeLessThanOrEqual(36);
  });

  it("failures: failed, blocked and conflicting tasks say why; the header counts them", async () => {
    const fx = runFixture(["first", "second", "third", "fourth"]);
    fx.start("first");
    fx.finish("first", "failed", { error: "command exited with code 1\ncannot find module foo" });
    fx.finish("second", "blocked", { error: 'its dependency "first" failed' });
    fx.start("third");
    fx.finish("third", "completed");
    fx.conflict("third", ["src/shared.ts"]);
    const view = show(fx);
    await view.refresh();
    const frame = view.frame();
    expect(frame).toContain(
      "0 active · 1 completed · 1 failed · 1 queued · 1 blocked · 1 in conflict",
    );
    expect(frame).toMatch(
      /❌ first\s+Convert first\s+FAILED\s+#1\s+0:00\s+command exited with code 1/,
    );
    expect(frame).toMatch(/⛔ second\s+Convert second\s+BLOCKED\s+its dependency "first" failed/);
    expect(frame).toMatch(
      /🔀 third\s+Convert third\s+CONFLICT\s+#1\s+0:00\s+conflicts in src\/shared\.ts/,
    );
  });
});

describe("dashboard header for model runs", () => {
  it("shows the tokens and cost so far, the budget, and why no new task starts", async () => {
    const fx = runFixture(ids(3), {
      budgetUsd: 1,
      planUsage: { inputTokens: 20_000, outputTokens: 1500, costUsd: 0.05 },
    });
    const view = show(fx, { size: { columns: 140, rows: 20 } });
    expect(view.frame().split("\n")[1]).toMatch(
      /^RUNNING · 0:0\d elapsed · 22k tokens · \$0\.05 of \$1 budget$/,
    );
    fx.start("t001");
    fx.finish("t001", "completed", {
      usage: { inputTokens: 1_200_000, outputTokens: 30_000, costUsd: 1.1 },
    });
    fx.store.appendEvent(fx.runId, { type: "run.budget", data: { spentUsd: 1.15, budgetUsd: 1 } });
    await view.refresh();
    expect(view.frame().split("\n")[1]).toMatch(
      /^RUNNING · 0:0\d elapsed · ETA 0:0\d · 1\.3M tokens · \$1\.15 of \$1 budget · no new tasks: budget reached \(\$1\.15 of \$1\)$/,
    );
  });

  it("shows no usage for runs without a model", () => {
    const fx = runFixture(ids(2));
    const view = show(fx);
    expect(view.frame().split("\n")[1]).toMatch(/^RUNNING · 0:0\d elapsed$/);
  });
});

describe("dashboard updates", () => {
  it("moves with the events alone: no table is read again after the first load", async () => {
    const fx = runFixture(ids(20));
    const { store, calls } = countingStore(fx.store);
    const view = show(fx, { store });
    const reads = (name: string): number => calls.get(name) ?? 0;
    expect([reads("listTasks"), reads("listAttempts"), reads("getRun")]).toEqual([1, 1, 1]);
    for (const id of ids(6)) fx.start(id);
    for (const id of ids(4)) fx.finish(id, "completed");
    fx.log("t005", "step 3 of 9\n");
    await view.refresh();
    expect(view.frame()).toContain("Sub-agents: 2 active · 4 completed · 0 failed · 14 queued");
    expect(view.frame()).toMatch(/t005.*step 3 of 9/);
    for (let i = 0; i < 5; i++) await view.refresh();
    expect([reads("listTasks"), reads("listResults")]).toEqual([1, 0]);
    // One listAttempts at load; then one per started attempt for its log, one per finished
    // attempt for its usage: the task's own rows.
    expect(reads("listAttempts")).toBe(1 + 6 + 4);
    expect(reads("eventsAfter")).toBeGreaterThanOrEqual(6);
  });

  it("a task added during the run (a resolver) shows up with its title", async () => {
    const fx = runFixture(ids(2));
    const view = show(fx);
    fx.store.addTask(
      fx.runId,
      {
        id: "resolve-t001",
        kind: "resolver",
        title: "Resolve the conflict of t001 in a.ts",
        instructions: "resolve",
        files: ["a.ts"],
        deps: [],
        checks: [],
      },
      { type: "task.added", taskId: "resolve-t001", data: { kind: "resolver", resolves: "t001" } },
    );
    await view.refresh();
    expect(view.frame()).toMatch(/⏳ resolve-t001 {2}Resolve the conflict of t… {2}QUEUED/);
  });
});

describe("dashboard keys", () => {
  it("enter opens the selected task's log and follows it; esc goes back", async () => {
    const fx = runFixture(ids(3));
    fx.start("t001");
    fx.start("t002");
    fx.log("t002", "first line\nsecond line\n");
    const view = show(fx);
    await view.refresh();
    await view.press("j", ENTER);
    expect(view.frame()).toMatch(/^Log of t002, attempt 1: .*t002\.1\.log · lines 1–3 of 3/);
    expect(view.frame()).toContain("second line");
    fx.log("t002", "third line\n");
    await settle(400);
    expect(view.frame()).toContain("third line");
    expect(view.frame()).toContain("· following");
    await view.press(ESC);
    expect(view.frame()).toMatch(/^Armada run r1/);
  });

  it("d shows a finished task's diff, and says there is none yet for a working one", async () => {
    const fx = runFixture(ids(2));
    fx.start("t001");
    fx.finish("t001", "completed");
    fx.start("t002");
    const asked: string[][] = [];
    const view = show(fx, {
      diffText: async (from, to) => {
        asked.push([from, to]);
        return "diff --git a/t001.js b/t001.ts\n-var a = 1;\n+const a: number = 1;";
      },
    });
    await view.refresh();
    await view.press("d");
    const result = fx.store.getResult(fx.runId, "t001");
    expect(asked).toEqual([[result?.startCommit, result?.commit]]);
    expect(view.frame()).toMatch(/^Diff of t001: b{12}\.\.\w{12} \(1 file\)/);
    expect(view.frame()).toContain("+const a: number = 1;");
    await view.press(ESC, "j", "d");
    expect(view.frame()).toContain(
      "Task t002 is still working (attempt 1): there is no diff until it finishes.",
    );
  });

  it("c cancels the selected task through its master after a confirmation", async () => {
    const fx = runFixture(ids(3));
    fx.claim();
    fx.start("t001");
    fx.start("t002");
    const view = show(fx);
    await view.refresh();
    await view.press("c");
    expect(view.frame()).toContain(
      "Cancel task t001? Its agent is stopped; tasks that depend on it are blocked. (y/N)",
    );
    await view.press("n");
    expect(view.frame()).toContain("Task t001 goes on.");
    expect(fx.store.getTask(fx.runId, "t001")?.cancelRequested).toBe(false);
    await view.press(DOWN, "c", "y");
    expect(view.frame()).toContain("Asked the master to cancel t002");
    expect(fx.store.getTask(fx.runId, "t002")?.cancelRequested).toBe(true);
    expect(fx.store.getTask(fx.runId, "t001")?.cancelRequested).toBe(false);
    await view.refresh();
    expect(view.frame()).toMatch(/t002.*WORKING.*cancelling…/);
    await view.press(DOWN, "k", "j", "j", "c");
    expect(view.frame()).toContain("Cancel task t003?");
  });

  it("watch: q detaches at once and touches nothing", async () => {
    const fx = runFixture(ids(2));
    fx.claim();
    const view = show(fx, { mode: "watch" });
    await view.press("q");
    expect(view.exits).toEqual(["detached"]);
    expect(view.runCancels()).toBe(0);
    expect(fx.store.getRun(fx.runId)?.cancelRequested).toBe(false);
  });

  it("foreground: q asks; n goes back, y (or Ctrl-C) cancels the run, p switches to lines", async () => {
    const fx = runFixture(ids(2));
    fx.claim();
    const view = show(fx, { mode: "foreground" });
    expect(view.frame()).toContain("q quit (asks before stopping the run)");
    await view.press("q");
    expect(view.frame()).toContain(
      "This run lives in this terminal. Stop it? (y/N) · p: plain lines, the run goes on",
    );
    await view.press("n");
    expect(view.frame()).toContain("The run goes on.");
    expect([view.exits, view.runCancels()]).toEqual([[], 0]);
    await view.press("q", "\u0003");
    expect(view.runCancels()).toBe(1);
    expect(view.frame()).toContain("Cancelling the run");
    await view.press("\u0003", "y");
    expect(view.runCancels()).toBe(2);
    await view.press("q", "p");
    expect(view.exits).toEqual(["plain"]);
  });

  it("watch: the dashboard ends by itself when the run ends", async () => {
    const fx = runFixture(ids(1));
    const view = show(fx);
    fx.store.updateRun(
      fx.runId,
      { state: "completed", finishedAt: Date.now() },
      { type: "run.state", data: { state: "completed" } },
    );
    await view.refresh();
    expect(view.exits).toEqual(["ended"]);
  });
});
