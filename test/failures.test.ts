import { describe, expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

describe("failing tasks", () => {
  it("retries with the previous failure handed to the next attempt", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    // Fails the first time; the second attempt sees why and succeeds.
    const agent =
      'if [ -z "$ARMADA_PREVIOUS_FAILURE" ]; then echo "first try went wrong"; exit 3; fi; printf "%s" "$ARMADA_PREVIOUS_FAILURE" | grep -q "first try went wrong" && echo saw-failure > a.txt';
    const result = await armada(
      ["run", "Flaky", "--each", "a.txt", "--agent-cmd", agent, "--retries", "1", "--yes"],
      { cwd: repo.root },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /a-txt RETRY: attempt 1 command exited with code 3; trying attempt 2/,
    );
    const status = await statusJson(repo.root);
    expect(status.tasks[0]).toMatchObject({ state: "completed", attempts: 2 });
    expect(repo.read("a.txt")).toBe("saw-failure\n");
  });

  it("marks a task failed after its retries, blocks its dependents, and says why", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n", "c.txt": "c\n" });
    repo.write(
      "../plan-fail.yaml",
      `objective: Chain
tasks:
  - { id: first, files: [a.txt], command: "echo 'cannot find module foo' >&2; exit 1" }
  - { id: second, files: [b.txt], deps: [first], command: "echo x > b.txt" }
  - { id: other, files: [c.txt], command: "echo fine > c.txt" }
`,
    );
    const result = await armada(["run", "--plan", "../plan-fail.yaml", "--retries", "2", "--yes"], {
      cwd: repo.root,
    });
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.run.counts).toMatchObject({ completed: 1, failed: 1, blocked: 1 });
    expect(status.tasks.find((t) => t.id === "first")).toMatchObject({
      state: "failed",
      attempts: 3,
    });
    expect(status.tasks.find((t) => t.id === "first")?.error).toContain("cannot find module foo");
    expect(status.tasks.find((t) => t.id === "second")).toMatchObject({
      state: "blocked",
      attempts: 0,
    });
    expect(status.tasks.find((t) => t.id === "second")?.error).toBe(
      'its dependency "first" failed',
    );
    // The task that succeeded is still merged and applied.
    expect(repo.read("c.txt")).toBe("fine\n");
    const text = await armada(["status"], { cwd: repo.root });
    expect(text.stdout).toContain("why: command exited with code 1");
    expect(text.stdout).toContain("│ cannot find module foo");
    expect(text.stdout).toMatch(/⛔\s+second/);
    const logs = await armada(["logs", status.run.id, "first"], { cwd: repo.root });
    expect(logs.stdout.match(/── attempt \d \(failed\)/g)).toHaveLength(3);
    expect(logs.stdout).toContain("cannot find module foo");
  });

  it("kills an agent that runs past --timeout, with everything it started", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const started = Date.now();
    const result = await armada(
      [
        "run",
        "Hang",
        "--each",
        "a.txt",
        "--agent-cmd",
        "sleep 300 & sleep 300; echo never > a.txt",
        "--timeout",
        "1s",
        "--retries",
        "0",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.error).toContain("timed out after 1s");
    expect(repo.read("a.txt")).toBe("a\n");
  });

  it("caps an attempt's log and says so in the log", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armada(
      [
        "run",
        "Noisy",
        "--each",
        "a.txt",
        "--agent-cmd",
        "yes armada | head -c 3000000",
        "--log-limit",
        "64k",
        "--yes",
        "--no-apply",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(0);
    const logs = await armada(["logs", "a-txt"], { cwd: repo.root });
    expect(logs.stdout.length).toBeLessThan(70 * 1024);
    expect(logs.stdout).toContain(
      "[armada: log cut at 65536 bytes (--log-limit); later output was dropped]",
    );
  });

  it("rejects changes outside a task's files with --scope strict", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const result = await armada(
      [
        "run",
        "Stray",
        "--each",
        "a.txt",
        "--agent-cmd",
        "echo A > a.txt; echo B > b.txt",
        "--scope",
        "strict",
        "--retries",
        "0",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.error).toContain(
      "changed files outside its scope (--scope strict): b.txt",
    );
    expect(repo.read("b.txt")).toBe("b\n");
  });
});
