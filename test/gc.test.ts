import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

describe("armada gc", () => {
  it("removes ended runs older than the age, with their refs, branch and logs, and says what it freed", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    expect(
      (
        await armada(
          [
            "run",
            "x",
            "--each",
            "*.txt",
            "--agent-cmd",
            "echo x >> {files}",
            "--no-apply",
            "--yes",
          ],
          { cwd: repo.root },
        )
      ).code,
    ).toBe(0);
    const { run } = await statusJson(repo.root);
    const runDir = path.join(repo.root, ".git", "armada", "runs", run.id);
    expect(existsSync(runDir)).toBe(true);

    const young = await armada(["gc", "--older-than", "1h"], { cwd: repo.root });
    expect(young.stdout).toBe("No ended runs older than 1h00m; nothing to remove.\n");

    const dry = await armada(["gc", "--older-than", "0s", "--dry-run"], { cwd: repo.root });
    expect(dry.stdout).toMatch(
      new RegExp(
        `^Would remove 1 run\\(s\\) \\(${run.id}\\): [\\d.]+ (B|KiB) of logs and sandboxes\\.\\n$`,
      ),
    );
    expect(existsSync(runDir)).toBe(true);

    const result = await armada(["gc", "--older-than", "0s"], { cwd: repo.root });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Removed 1 run\\(s\\) \\(${run.id}\\): [\\d.]+ (B|KiB) of logs and sandboxes, 5 ref\\(s\\)\\.`,
      ),
    );
    expect(existsSync(runDir)).toBe(false);
    expect(
      repo.git("for-each-ref", "refs/armada", "refs/armada-attempts", "refs/heads/armada"),
    ).toBe("");
    expect((await armada(["list", "--json"], { cwd: repo.root })).stdout.trim()).toBe("[]");
  });
});
