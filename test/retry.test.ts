import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { armada, spawnArmada, statusJson, waitFor } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

/** A file outside the repository the flaky task's command looks for: it fails until it exists. */
function gate(): { file: string; open(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-gate-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "open");
  return { file, open: () => writeFileSync(file, "") };
}

function planFile(repoRoot: string, text: string): string {
  const file = path.join(repoRoot, "..", `${path.basename(repoRoot)}.plan.yaml`);
  writeFileSync(file, text);
  onTestFinished(() => rmSync(file, { force: true }));
  return file;
}

const states = async (cwd: string) =>
  Object.fromEntries((await statusJson(cwd)).tasks.map((t) => [t.id, t.state]));

describe("armada retry", () => {
  it("reopens a run that ended with a failed task: the task and the dependents it blocked run again, and the run completes", async () => {
    const repo = tempRepo({ "lib/.keep": "" });
    const door = gate();
    const plan = planFile(
      repo.root,
      `objective: Two layers
tasks:
  - id: lower
    title: Lower layer
    files: ["lib/lower.txt"]
    command: test -f ${door.file} && echo lower > lib/lower.txt
  - id: upper
    title: Upper layer
    files: ["lib/upper.txt"]
    deps: [lower]
    command: tr a-z A-Z < lib/lower.txt > lib/upper.txt
  - id: side
    title: Independent
    files: ["lib/side.txt"]
    command: echo side > lib/side.txt
`,
    );
    const first = await armada(
      ["run", "--plan", plan, "--sandbox", "worktree", "--retries", "0", "--no-apply", "--yes"],
      { cwd: repo.root },
    );
    expect(first.code).toBe(1);
    expect(await states(repo.root)).toEqual({
      lower: "failed",
      upper: "blocked",
      side: "completed",
    });
    const runId = (await statusJson(repo.root)).run.id;

    const unnamed = await armada(["retry", runId], { cwd: repo.root });
    expect(unnamed.code).toBe(1);
    expect(unnamed.stderr).toBe("armada: Name the task to retry: `armada retry <run> <task>`.\n");

    const completed = await armada(["retry", runId, "side"], { cwd: repo.root });
    expect(completed.code).toBe(1);
    expect(completed.stderr).toContain(
      "Task side is completed; only a failed, cancelled or blocked task can be retried.",
    );

    door.open();
    const retried = await armada(["retry", runId, "lower"], { cwd: repo.root });
    expect(retried.stderr).toBe("");
    expect(retried.stdout).toContain(`Task lower is queued again and run ${runId} is reopened`);
    await waitFor(
      async () => ((await statusJson(repo.root)).run.state === "completed" ? true : undefined),
      40_000,
      "the reopened run to complete",
    );
    expect(await states(repo.root)).toEqual({
      lower: "completed",
      upper: "completed",
      side: "completed",
    });
    expect(repo.git("show", `armada/${runId}:lib/upper.txt`)).toBe("LOWER");
  });

  it("asks a live master to run a failed task again while the others still work", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n", "slow.txt": "s\n" });
    const door = gate();
    const child = spawnArmada(
      [
        "run",
        "Touch",
        "--each",
        "*.txt",
        "--agent-cmd",
        `case {files} in a.txt) test -f ${door.file} || exit 3 ;; slow.txt) sleep 6 ;; esac; echo x >> {files}`,
        "--sandbox",
        "worktree",
        "--retries",
        "0",
        "--no-apply",
        "--yes",
      ],
      { cwd: repo.root },
    );
    const exited = new Promise<number>((resolve) =>
      child.on("close", (code) => resolve(code ?? 1)),
    );
    const runId = await waitFor(async () => {
      const status = await statusJson(repo.root).catch(() => undefined);
      return status?.tasks.find((t) => t.id === "a-txt")?.state === "failed"
        ? status.run.id
        : undefined;
    });
    door.open();
    const asked = await armada(["retry", runId, "a-txt"], { cwd: repo.root });
    expect(asked.stdout).toContain(`Asked run ${runId}'s master to run task a-txt again`);
    expect(await exited).toBe(0);
    const status = await statusJson(repo.root);
    expect(status.run.state).toBe("completed");
    expect(status.tasks.find((t) => t.id === "a-txt")).toMatchObject({
      state: "completed",
      attempts: 2,
    });
  });

  it("refuses to reopen a run whose result is already in the working tree", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const run = await armada(
      [
        "run",
        "Touch",
        "--each",
        "*.txt",
        "--agent-cmd",
        "case {files} in a.txt) exit 3 ;; esac; echo x >> {files}",
        "--sandbox",
        "worktree",
        "--retries",
        "0",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(run.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.run.applyState).toBe("applied");
    const refused = await armada(["retry", status.run.id, "a-txt"], { cwd: repo.root });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("is already applied to your working tree");
    expect((await statusJson(repo.root)).tasks.find((t) => t.id === "a-txt")?.state).toBe("failed");
  });
});
