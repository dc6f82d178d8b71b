import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { armada, spawnArmada, statusJson, waitFor } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

function files(n: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < n; i++) out[`f${i}.txt`] = `${i}\n`;
  return out;
}

/** A folder outside the repository where agents record each execution (the worktree sandbox does not isolate). */
function journal(): { dir: string; runs: () => string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-journal-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    runs: () => {
      try {
        return readFileSync(path.join(dir, "ran.log"), "utf8").trim().split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("run lifecycle", () => {
  it("--detach returns at once; status and logs read the run while it goes", async () => {
    const repo = tempRepo(files(4));
    const started = Date.now();
    const result = await armada(
      [
        "run",
        "Slow",
        "--each",
        "*.txt",
        "--agent-cmd",
        "sleep 1; echo done >> {files}",
        "--concurrency",
        "2",
        "--detach",
        "--yes",
      ],
      {
        cwd: repo.root,
      },
    );
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    const runId = /Run (\w+) started in the background/.exec(result.stdout)?.[1];
    expect(runId).toBeDefined();
    const live = await waitFor(
      async () => {
        const s = await statusJson(repo.root, runId);
        return s.run.counts.active > 0 ? s : undefined;
      },
      20_000,
      "an active task",
    );
    expect(live.run.state).toBe("running");
    expect(live.run.masterAlive).toBe(true);
    const done = await waitFor(
      async () => {
        const s = await statusJson(repo.root, runId);
        return s.run.state === "completed" ? s : undefined;
      },
      30_000,
      "the run to complete",
    );
    expect(done.run.counts.completed).toBe(4);
    expect(repo.read("f3.txt")).toBe("3\ndone\n");
    const logs = await armada(["logs", runId ?? ""], { cwd: repo.root });
    expect(logs.stdout).toContain("f3-txt DONE (1 file changed)");
    expect(logs.stdout).toContain("run COMPLETED");
  });

  it("cancel stops a detached run: agents killed, sandboxes removed, finished results kept", async () => {
    const repo = tempRepo(files(6));
    const j = journal();
    const agent = `echo $ARMADA_TASK >> ${j.dir}/ran.log; case $ARMADA_TASK in f0-txt) echo quick > {files};; *) sleep 60;; esac`;
    const result = await armada(
      [
        "run",
        "Mixed",
        "--each",
        "*.txt",
        "--agent-cmd",
        agent,
        "--concurrency",
        "3",
        "--detach",
        "--yes",
      ],
      { cwd: repo.root },
    );
    const runId = /Run (\w+) started/.exec(result.stdout)?.[1] ?? "";
    await waitFor(
      async () => {
        const s = await statusJson(repo.root, runId);
        return s.run.counts.completed === 1 && s.run.counts.active === 3 ? s : undefined;
      },
      20_000,
      "one finished and three working",
    );
    const cancelled = await armada(["cancel", runId], { cwd: repo.root });
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toContain(
      `Cancelled run ${runId}. 1 finished task result(s) are kept on branch armada/${runId}`,
    );
    const status = await statusJson(repo.root, runId);
    expect(status.run.state).toBe("cancelled");
    expect(status.run.counts).toMatchObject({ completed: 1, cancelled: 5, active: 0 });
    expect(repo.git("worktree", "list").split("\n")).toHaveLength(1);
    expect(repo.git("show", `armada/${runId}:f0.txt`)).toBe("quick");
    expect(repo.read("f0.txt")).toBe("0\n");
  });

  it("resume after kill -9 of the master finishes the run without redoing finished tasks", async () => {
    const repo = tempRepo(files(6));
    const j = journal();
    const agent = `echo $ARMADA_TASK >> ${j.dir}/ran.log; case $ARMADA_TASK in f0-txt|f1-txt) ;; *) sleep 2;; esac; echo ok >> {files}`;
    const result = await armada(
      [
        "run",
        "Crash",
        "--each",
        "*.txt",
        "--agent-cmd",
        agent,
        // The journal outside the repository needs a sandbox that does not isolate.
        "--sandbox",
        "worktree",
        "--concurrency",
        "3",
        "--detach",
        "--yes",
      ],
      { cwd: repo.root },
    );
    const runId = /Run (\w+) started/.exec(result.stdout)?.[1] ?? "";
    const before = await waitFor(
      async () => {
        const s = await statusJson(repo.root, runId);
        return s.run.counts.completed >= 2 && s.run.counts.active >= 1 && s.run.masterPid
          ? s
          : undefined;
      },
      20_000,
      "two finished and some working",
    );
    process.kill(before.run.masterPid ?? 0, "SIGKILL");
    await waitFor(
      () => !processAlive(before.run.masterPid ?? 0) || undefined,
      5000,
      "the master to die",
    );
    const dead = await statusJson(repo.root, runId);
    expect(dead.run.masterAlive).toBe(false);
    const finishedBefore = dead.tasks.filter((t) => t.state === "completed").map((t) => t.id);
    const resumed = await armada(["resume", runId], { cwd: repo.root });
    expect(resumed.stderr).toBe("");
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(
      /Resuming run \w+: \d finished task\(s\) kept, \d interrupted attempt\(s\) to redo/,
    );
    const after = await statusJson(repo.root, runId);
    expect(after.run.state).toBe("completed");
    expect(after.run.counts.completed).toBe(6);
    // Finished tasks ran once; every file got exactly one "ok".
    const ran = j.runs();
    for (const id of finishedBefore) expect(ran.filter((r) => r === id)).toHaveLength(1);
    for (let i = 0; i < 6; i++) expect(repo.read(`f${i}.txt`)).toBe(`${i}\nok\n`);
    expect(repo.git("worktree", "list").split("\n")).toHaveLength(1);
  });

  it("two runs in one repository at once do not disturb each other", async () => {
    const repo = tempRepo({
      "a/1.txt": "a1\n",
      "a/2.txt": "a2\n",
      "b/1.txt": "b1\n",
      "b/2.txt": "b2\n",
    });
    const [first, second] = await Promise.all([
      armada(
        [
          "run",
          "First",
          "--each",
          "a/*.txt",
          "--agent-cmd",
          "sleep 0.5; echo A >> {files}",
          "--yes",
        ],
        { cwd: repo.root },
      ),
      armada(
        [
          "run",
          "Second",
          "--each",
          "b/*.txt",
          "--agent-cmd",
          "sleep 0.5; echo B >> {files}",
          "--yes",
        ],
        { cwd: repo.root },
      ),
    ]);
    // Their output says why, should one of them ever fail.
    expect(first.code, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(second.code, `${second.stdout}\n${second.stderr}`).toBe(0);
    expect(repo.read("a/2.txt")).toBe("a2\nA\n");
    expect(repo.read("b/1.txt")).toBe("b1\nB\n");
    const list = JSON.parse((await armada(["list", "--json"], { cwd: repo.root })).stdout) as {
      state: string;
    }[];
    expect(list.map((r) => r.state)).toEqual(["completed", "completed"]);
  });
});

describe("Ctrl-C on a foreground run", () => {
  it("cancels the run the same way as armada cancel", async () => {
    const repo = tempRepo(files(3));
    const child = spawnArmada(
      ["run", "Wait", "--each", "*.txt", "--agent-cmd", "sleep 60", "--yes"],
      { cwd: repo.root },
    );
    let stdout = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    await waitFor(() => (stdout.includes("WORKING") ? true : undefined), 20_000, "a working task");
    child.kill("SIGINT");
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(code).toBe(130);
    expect(stdout).toContain("run CANCELLED");
    const status = await statusJson(repo.root);
    expect(status.run.state).toBe("cancelled");
    expect(status.run.counts.cancelled).toBe(3);
    expect(repo.git("worktree", "list").split("\n")).toHaveLength(1);
  });
});

describe("cancelling one task", () => {
  it("stops that task alone, blocks its dependents, and the run goes on", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" });
    repo.write(
      "../one-task.yaml",
      `objective: One of three
tasks:
  - { id: slow, files: [a.txt], command: "sleep 60" }
  - { id: after, files: [b.txt], deps: [slow], command: "echo b2 > b.txt" }
  - { id: other, files: [c.txt], command: "sleep 2; echo c2 > c.txt" }
`,
    );
    const started = await armada(["run", "--plan", "../one-task.yaml", "--detach", "--yes"], {
      cwd: repo.root,
    });
    const runId = /Run (\w+) started/.exec(started.stdout)?.[1] ?? "";
    await waitFor(
      async () => ((await statusJson(repo.root, runId)).run.counts.active === 2 ? true : undefined),
      20_000,
      "two working",
    );
    const cancelled = await armada(["cancel", runId, "slow"], { cwd: repo.root });
    expect(cancelled.stdout).toBe(
      `Cancelled task slow of run ${runId}; the rest of the run goes on.\n`,
    );
    const done = await waitFor(
      async () => {
        const s = await statusJson(repo.root, runId);
        return s.run.state === "failed" ? s : undefined;
      },
      30_000,
      "the run to end",
    );
    expect(done.tasks.map((t) => [t.id, t.state])).toEqual([
      ["slow", "cancelled"],
      ["after", "blocked"],
      ["other", "completed"],
    ]);
    expect(repo.read("c.txt")).toBe("c2\n");
  });
});
