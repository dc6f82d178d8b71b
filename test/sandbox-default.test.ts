import { execFile } from "node:child_process";
import path from "node:path";
import { expect, it } from "vitest";
import { armada } from "./support/run-cli.js";
import {
  describeWhen,
  dockerMissing,
  overlayMissing,
  TEST_IMAGE,
} from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";

const PROJECT = path.resolve(import.meta.dirname, "..");

/**
 * The built CLI run inside a container of the test image: Docker's default seccomp profile
 * forbids user namespaces there, as many locked-down machines do.
 */
function armadaWithoutNamespaces(
  args: string[],
  repo: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const argv = [
    "run",
    "--rm",
    "--network",
    "none",
    "-v",
    `${PROJECT}:${PROJECT}:ro`,
    "-v",
    `${repo}:${repo}`,
    "-w",
    repo,
    TEST_IMAGE,
    "node",
    path.join(PROJECT, "dist/cli/main.js"),
    ...args,
  ];
  return new Promise((resolve) => {
    execFile(
      "docker",
      argv,
      { env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

describeWhen("the sandbox a run gets", overlayMissing(), () => {
  it("is overlay where the kernel allows it, without a word", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armada(
      ["run", "Touch", "--each", "a.txt", "--agent-cmd", "echo b >> {files}", "--yes"],
      { cwd: repo.root },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("sandbox overlay");
    expect(repo.read("a.txt")).toBe("a\nb\n");
  });
});

describeWhen("where user namespaces are forbidden", dockerMissing(), () => {
  it("--sandbox overlay fails before anything runs, saying why and what to use instead", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armadaWithoutNamespaces(
      [
        "run",
        "Touch",
        "--each",
        "a.txt",
        "--agent-cmd",
        "echo b >> {files}",
        "--sandbox",
        "overlay",
        "--yes",
      ],
      repo.root,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "The overlay sandbox cannot be used: this system does not let armada create user namespaces (unshare: unshare failed: Operation not permitted)",
    );
    expect(result.stderr).toContain(
      "Use --sandbox worktree (portable, no isolation) or --sandbox docker",
    );
    expect(repo.read("a.txt")).toBe("a\n");
  });

  it("the default falls back to worktree sandboxes with one line of warning", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armadaWithoutNamespaces(
      ["run", "Touch", "--each", "a.txt", "--agent-cmd", "echo b >> {files}", "--yes"],
      repo.root,
    );
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split("\n")).toEqual([
      expect.stringMatching(
        /^armada: overlay sandboxes are not available \(this system does not let armada create user namespaces .*\); using worktree sandboxes, which do not isolate agents\. Pass --sandbox worktree to silence this, or --sandbox docker\.$/,
      ),
    ]);
    expect(result.stdout).toContain("sandbox worktree");
    expect(repo.read("a.txt")).toBe("a\nb\n");
  });
});
