import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { tempRepo } from "../../test/support/temp-repo.js";
import { GitError, runGit } from "./run-git.js";
import { startProcessesThroughHelper } from "./spawn-helper.js";

describe("git through the spawn helper", () => {
  it("gives the same answers as git run directly: output, input, exit codes, binary bytes", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const binary = Buffer.from([0, 1, 2, 255, 10, 13]);
    const direct = execFileSync("git", ["hash-object", "--stdin"], { input: binary })
      .toString()
      .trim();
    startProcessesThroughHelper();
    const hashed = await runGit(["hash-object", "-w", "--stdin"], {
      cwd: repo.root,
      input: binary,
    });
    expect(hashed.stdout.trim()).toBe(direct);
    const read = await runGit(["cat-file", "blob", direct], { cwd: repo.root });
    expect(read.bytes.equals(binary)).toBe(true);
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        runGit(["rev-parse", `HEAD~${i % 2}`], { cwd: repo.root, okCodes: [128] }),
      ),
    );
    expect(answers.filter((a) => a.code === 0)).toHaveLength(20);
    expect(answers.filter((a) => a.code === 128)[0]?.stderr).toContain("unknown revision");
    await expect(runGit(["rev-parse", "nope"], { cwd: repo.root })).rejects.toBeInstanceOf(
      GitError,
    );
    await expect(runGit(["status"], { cwd: `${repo.root}/missing` })).rejects.toThrow(
      /Could not run git/,
    );
  });

  it("fails the commands under way when the helper dies, saying so, and starts a new one", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    startProcessesThroughHelper();
    await runGit(["status"], { cwd: repo.root });
    const slow = runGit(["-c", "alias.slow=!sleep 30", "slow"], { cwd: repo.root });
    const helper = execFileSync("pgrep", ["-P", String(process.pid), "-f", "spawn-helper.mjs"])
      .toString()
      .trim();
    process.kill(Number(helper), "SIGKILL");
    await expect(slow).rejects.toThrow(
      /armada's process helper .* stopped \(SIGKILL\) while git commands ran; .* the next one starts a new helper/,
    );
    expect((await runGit(["rev-parse", "HEAD"], { cwd: repo.root })).code).toBe(0);
  });
});
