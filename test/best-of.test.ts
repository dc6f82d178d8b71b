import { describe, expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

// Attempt 1 breaks the check, 2 makes a big change, 3 a small one.
const AGENT = `case $ARMADA_ATTEMPT in
  1) echo broken > src/a.js ;;
  2) printf 'one\\ntwo\\nthree\\nfour\\nfive\\n' > src/a.js ;;
  *) echo small > src/a.js ;;
esac`;

describe("best-of-N (--attempts)", () => {
  it("runs the attempts side by side, keeps the passing one with the smallest change, and keeps the others inspectable", async () => {
    const repo = tempRepo({ "src/a.js": "original\n" });
    repo.write(
      "plan.yaml",
      `objective: Rewrite a
tasks:
  - id: a
    files: [src/a.js]
    checks: ["! grep -q broken src/a.js"]
`,
    );
    const result = await armada(
      [
        "run",
        "--plan",
        "plan.yaml",
        "--attempts",
        "3",
        "--agent-cmd",
        AGENT,
        "--yes",
        "--no-apply",
      ],
      { cwd: repo.root },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "a KEPT attempt 3 of 1, 2, 3 (its checks passed; the smallest change, 2 lines)",
    );
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.attempts).toBe(3);
    expect(repo.git("show", `armada/${status.run.id}:src/a.js`)).toBe("small");
    const second = await armada(["diff", status.run.id, "a", "--attempt", "2"], { cwd: repo.root });
    expect(second.stdout).toContain("+five");
    const first = await armada(["diff", status.run.id, "a", "--attempt", "1"], { cwd: repo.root });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(
      "has no change from attempt 1. Its attempts: 1 (failed, no change), 2 (succeeded), 3 (succeeded).",
    );
  });

  it("takes `attempts` per task from the plan, and retries a round whose attempts all failed", async () => {
    const repo = tempRepo({ "src/a.js": "a\n", "src/b.js": "b\n" });
    repo.write(
      "plan.yaml",
      `objective: Try
tasks:
  - id: a
    files: [src/a.js]
    attempts: 2
  - id: b
    files: [src/b.js]
`,
    );
    const result = await armada(
      [
        "run",
        "--plan",
        "plan.yaml",
        "--agent-cmd",
        "exit 3",
        "--retries",
        "1",
        "--yes",
        "--no-apply",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => [t.id, t.state, t.attempts])).toEqual([
      ["a", "failed", 4],
      ["b", "failed", 2],
    ]);
    expect(result.stdout).toContain("a no attempt of 1, 2 succeeded");
  });
});
