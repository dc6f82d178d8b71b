import { describe, expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

function fortyFiles(): Record<string, string> {
  const files: Record<string, string> = { "README.md": "# demo\n" };
  for (let i = 0; i < 40; i++)
    files[`src/mod${String(i).padStart(2, "0")}.js`] = `export const v${i} = ${i};\n`;
  return files;
}

describe("armada run --each", () => {
  it("delegates one task per file, merges every result and applies it to the working tree", async () => {
    const repo = tempRepo(fortyFiles());
    const result = await armada(
      [
        "run",
        "Add a license header",
        "--each",
        "src/*.js",
        "--agent-cmd",
        'for f in {files}; do printf "// MIT\\n%s" "$(cat $f)" > $f; done',
        "--concurrency",
        "8",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      "Sub-agents: 0 active, 40 completed, 0 failed, 0 queued, 0 blocked",
    );
    const status = await statusJson(repo.root);
    expect(status.run.state).toBe("completed");
    expect(status.run.counts).toEqual({
      queued: 0,
      active: 0,
      completed: 40,
      failed: 0,
      blocked: 0,
      cancelled: 0,
    });
    expect(status.tasks).toHaveLength(40);
    expect(status.tasks.every((t) => t.merge === "merged" && t.changed.length === 1)).toBe(true);
    expect(repo.read("src/mod07.js")).toBe("// MIT\nexport const v7 = 7;");
    // Uncommitted changes in the working tree; the index and HEAD untouched.
    expect(repo.git("status", "--porcelain").split("\n")).toHaveLength(40);
    expect(repo.git("diff", "--cached", "--name-only")).toBe("");
    expect(repo.git("rev-list", "--count", "HEAD")).toBe("1");
    // The result branch holds the same change.
    expect(repo.git("diff", "--stat", "HEAD", `armada/${status.run.id}`)).toContain(
      "40 files changed",
    );
    // Nothing armada keeps shows in git status, and no worktree is left.
    expect(repo.git("worktree", "list").split("\n")).toHaveLength(1);
  });

  it("batches files with --batch and hands the agent its files in the environment", async () => {
    const repo = tempRepo(fortyFiles());
    const result = await armada(
      [
        "run",
        "List my files",
        "--each",
        "src/*.js",
        "--batch",
        "15",
        "--agent-cmd",
        'printf "%s\\n" "$ARMADA_FILES" > "files-$ARMADA_TASK.txt"',
        "--yes",
        "--no-apply",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => t.id)).toEqual(["src-1", "src-2", "src-3"]);
    const branch = `armada/${status.run.id}`;
    expect(repo.git("show", `${branch}:files-src-3.txt`).split("\n")).toEqual([
      "src/mod30.js",
      "src/mod31.js",
      "src/mod32.js",
      "src/mod33.js",
      "src/mod34.js",
      "src/mod35.js",
      "src/mod36.js",
      "src/mod37.js",
      "src/mod38.js",
      "src/mod39.js",
    ]);
    // --no-apply: the working tree is untouched, and the out-of-scope files were reported.
    expect(repo.git("status", "--porcelain")).toBe("");
    expect(status.tasks[0]?.outOfScope).toEqual(["files-src-1.txt"]);
  });

  it("starts sub-agents from HEAD plus uncommitted and untracked changes", async () => {
    const repo = tempRepo({ "a.txt": "committed\n", ".gitignore": "secret.txt\n" });
    repo.write("a.txt", "edited, not committed\n");
    repo.write("new.txt", "untracked\n");
    repo.write("secret.txt", "ignored\n");
    const result = await armada(
      [
        "run",
        "Snapshot",
        "--each",
        "a.txt",
        "--agent-cmd",
        "cat a.txt new.txt > seen.txt; if test -e secret.txt; then echo has-secret; else echo no-secret; fi >> seen.txt",
        "--yes",
        "--no-apply",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(repo.git("show", `armada/${status.run.id}:seen.txt`)).toBe(
      "edited, not committed\nuntracked\nno-secret",
    );
    // The base is a commit on no branch whose parent is HEAD; the user's index is untouched.
    expect(repo.git("rev-parse", `${status.run.base}^`)).toBe(repo.git("rev-parse", "HEAD"));
    expect(repo.git("branch", "--contains", status.run.base)).toContain(`armada/${status.run.id}`);
    expect(repo.git("status", "--porcelain")).toBe("M a.txt\n?? new.txt"); // trimmed: " M" is a work-tree-only change;
  });
});
