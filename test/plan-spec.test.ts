import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

const PLAN = `objective: Build a small pipeline
checks: ["test -f dist/all.txt"]
tasks:
  - id: lower
    title: Write the lower layer
    files: ["lib/lower.txt"]
    command: echo lower > lib/lower.txt
  - id: upper
    title: Write the upper layer from the lower one
    files: ["lib/upper.txt"]
    deps: [lower]
    command: tr a-z A-Z < lib/lower.txt > lib/upper.txt
    checks: ["grep -q LOWER lib/upper.txt"]
  - id: bundle
    title: Bundle both layers
    files: ["dist/*"]
    deps: [upper, lower]
    command: mkdir -p dist && cat lib/lower.txt lib/upper.txt > dist/all.txt
`;

describe("armada run --plan", () => {
  it("runs tasks in dependency order, each starting from the merged results of its deps", async () => {
    const repo = tempRepo({ "lib/.keep": "" });
    writeFileSync(path.join(repo.root, "..", `${path.basename(repo.root)}.plan.yaml`), PLAN);
    const planFile = path.join(repo.root, "..", `${path.basename(repo.root)}.plan.yaml`);
    const result = await armada(["run", "--plan", planFile, "--yes"], { cwd: repo.root });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(status.run.objective).toBe("Build a small pipeline");
    expect(status.tasks.map((t) => [t.id, t.state])).toEqual([
      ["lower", "completed"],
      ["upper", "completed"],
      ["bundle", "completed"],
    ]);
    expect(status.run.checksState).toBe("passed");
    expect(repo.read("dist/all.txt")).toBe("lower\nLOWER\n");
    // Every result is durable under refs/armada/<run>/<task>.
    expect(
      repo.git("for-each-ref", "--format=%(refname)", `refs/armada/${status.run.id}`).split("\n"),
    ).toEqual([
      `refs/armada/${status.run.id}/bundle`,
      `refs/armada/${status.run.id}/lower`,
      `refs/armada/${status.run.id}/upper`,
    ]);
  });

  it("prints the plan without running it, and writes YAML that runs as written", async () => {
    const repo = tempRepo({ "a.js": "1\n", "b.js": "2\n", "c.txt": "3\n" });
    const out = path.join(repo.root, "..", `${path.basename(repo.root)}.out.yaml`);
    const planned = await armada(["plan", "Touch the scripts", "--each", "*.js", "--out", out], {
      cwd: repo.root,
    });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain("Sub-tasks: 2");
    expect(planned.stdout).toMatch(/a-js\s+Touch the scripts: a\.js/);
    expect((await armada(["list", "--json"], { cwd: repo.root })).stdout.trim()).toBe("[]");
    const ran = await armada(
      ["run", "--plan", out, "--agent-cmd", "echo done >> {files}", "--yes"],
      { cwd: repo.root },
    );
    expect(ran.code).toBe(0);
    expect(repo.read("a.js")).toBe("1\ndone\n");
    expect(repo.read("b.js")).toBe("2\ndone\n");
  });

  it("shows why a run-level check failed and does not apply the result", async () => {
    const repo = tempRepo({ "a.txt": "fine\n" });
    const result = await armada(
      [
        "run",
        "Break it",
        "--each",
        "a.txt",
        "--agent-cmd",
        "echo broken > a.txt",
        "--check",
        "grep -q fine a.txt",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.run.state).toBe("failed");
    expect(status.run.checksState).toBe("failed");
    expect(status.run.applyState).toBe("skipped");
    expect(repo.read("a.txt")).toBe("fine\n");
    expect(result.stdout).toContain("Checks: failed (grep -q fine a.txt)");
    const applied = await armada(["apply"], { cwd: repo.root });
    expect(applied.code).toBe(0);
    expect(repo.read("a.txt")).toBe("broken\n");
  });
});
