import { describe, expect, it } from "vitest";
import { armada, CLI, statusJson, waitFor } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";
import { terminal, tmuxMissing } from "./support/tmux.js";

function files(n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`f${String(i).padStart(2, "0")}.txt`] = `${i}\n`;
  return out;
}

const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;
const armadaCommand = (args: string[]): string =>
  [process.execPath, CLI, ...args].map(quote).join(" ");

/** The completed count of the dashboard's header. */
function completed(screen: string): number | undefined {
  const match = /Sub-agents: \d+ active · (\d+) completed/.exec(screen);
  return match ? Number(match[1]) : undefined;
}

async function detachedRun(root: string, agent: string, concurrency: number): Promise<string> {
  const result = await armada(
    [
      "run",
      "Append a line",
      "--each",
      "*.txt",
      "--agent-cmd",
      agent,
      "--concurrency",
      String(concurrency),
      "--detach",
      "--yes",
    ],
    { cwd: root },
  );
  const runId = /Run (\w+) started in the background/.exec(result.stdout)?.[1];
  if (!runId) throw new Error(`no run started: ${result.stdout}${result.stderr}`);
  return runId;
}

describe("status --watch without a terminal", () => {
  it("prints one plain line per state change, then the summary and what to do next", async () => {
    const repo = tempRepo(files(4));
    const runId = await detachedRun(repo.root, "sleep 0.5; echo ok >> {files}", 2);
    const watched = await armada(["status", "--watch", runId], { cwd: repo.root });
    expect(watched.code).toBe(0);
    expect(watched.stdout).not.toContain("\u001b");
    expect(watched.stdout).toMatch(
      new RegExp(`^Watching run ${runId}: one line per state change\\.`),
    );
    expect(watched.stdout).toMatch(/^\d\d:\d\d:\d\d f03-txt DONE \(1 file changed\)$/m);
    expect(watched.stdout).toMatch(/^\d\d:\d\d:\d\d run COMPLETED$/m);
    expect(watched.stdout).toContain(
      "Sub-agents: 0 active, 4 completed, 0 failed, 0 queued, 0 blocked",
    );
    expect(watched.stdout).toContain(
      `Result: branch armada/${runId} (4 task results merged, 4 files changed)`,
    );
    expect(watched.stdout).toContain("Sync: applied to your working tree as uncommitted changes");
    expect(watched.stdout).toMatch(/Next:\n {2}git diff\s+# review the change/);
  });

  it("--json prints one event a line and ends with the run's summary", async () => {
    const repo = tempRepo(files(3));
    const runId = await detachedRun(repo.root, "sleep 0.5; echo ok >> {files}", 3);
    const watched = await armada(["status", "--watch", "--json", runId], { cwd: repo.root });
    expect(watched.code).toBe(0);
    const lines = watched.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.filter((l) => l.type === "task.state" && l.state === "completed")).toHaveLength(3);
    expect(lines.at(-1)).toMatchObject({
      type: "run.summary",
      run: { id: runId, state: "completed" },
    });
  });
});

const missing = tmuxMissing();
// On a developer's machine a missing tmux skips these; under CI it is a failure.
const skip = missing !== undefined && process.env.CI !== "true";

describe.skipIf(skip)(`the dashboard in a terminal${skip ? ` (skipped: ${missing})` : ""}`, () => {
  it("status --watch attaches to a detached run, its counts move, q leaves the run running", async () => {
    if (missing) throw new Error(`${missing}; CI must have it`);
    const repo = tempRepo(files(16));
    const runId = await detachedRun(repo.root, "sleep 1; echo ok >> {files}", 2);
    const term = terminal(armadaCommand(["status", "--watch", runId]), {
      cwd: repo.root,
      columns: 100,
      rows: 24,
    });
    const first = await term.waitForScreen(
      (s) => completed(s) !== undefined && s.includes("WORKING"),
      "the dashboard with a working task",
    );
    expect(first.split("\n")[0]).toBe(`Armada run ${runId} · "Append a line"`);
    expect(first).toMatch(/🔄 f\d\d-txt\s+Append a line: f\d\d\.txt\s+WORKING\s+#1/);
    expect(first).toContain("q detach (the run goes on)");
    const before = completed(first) ?? 0;
    const later = await term.waitForScreen(
      (s) => (completed(s) ?? 0) >= before + 2,
      "the completed count to move",
    );
    expect(later).toMatch(new RegExp(`${completed(later)}/16 \\(\\d+%\\)`));
    term.keys("q");
    const after = await term.waitForScreen((s) => s.includes("exited 0"), "armada to exit");
    expect(after).toContain(`Detached from run ${runId}; it goes on.`);
    const status = await statusJson(repo.root, runId);
    expect(status.run).toMatchObject({ state: "running", masterAlive: true });
    expect(status.run.counts.completed).toBeLessThan(16);
    const done = await waitFor(
      async () => {
        const s = await statusJson(repo.root, runId);
        return s.run.state === "completed" ? s : undefined;
      },
      40_000,
      "the run to finish without the dashboard",
    );
    expect(done.run.counts.completed).toBe(16);
  });

  it("a foreground run shows the dashboard; q asks first, p turns to plain lines", async () => {
    if (missing) throw new Error(`${missing}; CI must have it`);
    const repo = tempRepo(files(8));
    const term = terminal(
      armadaCommand([
        "run",
        "Append a line",
        "--each",
        "*.txt",
        "--agent-cmd",
        "sleep 1; echo ok >> {files}",
        "--concurrency",
        "2",
        "--yes",
      ]),
      { cwd: repo.root, columns: 100, rows: 24 },
    );
    await term.waitForScreen(
      (s) => s.includes("q quit (asks before stopping the run)") && s.includes("WORKING"),
      "the dashboard",
    );
    term.keys("q");
    await term.waitForScreen(
      (s) => s.includes("This run lives in this terminal. Stop it? (y/N)"),
      "the question",
    );
    term.keys("n");
    await term.waitForScreen((s) => s.includes("The run goes on."), "the answer");
    term.keys("q");
    await term.waitForScreen((s) => s.includes("Stop it? (y/N)"), "the question again");
    term.keys("p");
    await term.waitForScreen(
      (s) =>
        /Dashboard off; the run goes on here/.test(s) &&
        /f\d\d-txt DONE \(1 file changed\)/.test(s),
      "plain lines",
    );
    const end = await term.waitForScreen((s) => s.includes("exited 0"), "the run to end", 40_000);
    expect(end).toContain("Sub-agents: 0 active, 8 completed, 0 failed, 0 queued, 0 blocked");
    expect(end).toMatch(/Next:\n {2}git diff/);
    expect(repo.read("f07.txt")).toBe("7\nok\n");
  });

  it("in a foreground run, q then y cancels the run and keeps finished results", async () => {
    if (missing) throw new Error(`${missing}; CI must have it`);
    const repo = tempRepo(files(8));
    const term = terminal(
      armadaCommand([
        "run",
        "Append a line",
        "--each",
        "*.txt",
        "--agent-cmd",
        "case {files} in f00.txt) ;; *) sleep 30;; esac; echo ok >> {files}",
        "--concurrency",
        "3",
        "--yes",
      ]),
      { cwd: repo.root, columns: 100, rows: 24 },
    );
    await term.waitForScreen((s) => completed(s) === 1, "one finished task");
    term.keys("C-c");
    await term.waitForScreen((s) => s.includes("Stop it? (y/N)"), "the question");
    term.keys("y");
    const end = await term.waitForScreen((s) => s.includes("exited 130"), "the run to stop");
    expect(end).toMatch(/Run \w+ cancelled in/);
    expect(end).toContain("1 completed");
    const status = await statusJson(repo.root);
    expect(status.run.state).toBe("cancelled");
    expect(status.run.counts).toMatchObject({ completed: 1, cancelled: 7, active: 0 });
  });
});
