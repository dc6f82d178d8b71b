import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addLinkedWorktree, removeLinkedWorktree } from "./linked-worktree.js";

let root: string;
const git = (cwd: string, ...args: string[]): string =>
  execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    },
  }).trim();

describe("linked worktrees", () => {
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "armada-wt-"));
    git(root, "init", "-q");
    writeFileSync(path.join(root, "a.txt"), "a\n");
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "a");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("are created concurrently without failing, and git knows and uses them like its own", async () => {
    const commit = git(root, "rev-parse", "HEAD");
    const dirs = Array.from({ length: 30 }, (_, i) => path.join(root, ".git", "armada", `wt-${i}`));
    await Promise.all(dirs.map((dir) => addLinkedWorktree(path.join(root, ".git"), dir, commit)));
    expect(git(root, "worktree", "list").split("\n")).toHaveLength(31);
    const one = dirs[7] ?? "";
    expect(git(one, "rev-parse", "HEAD")).toBe(commit);
    writeFileSync(path.join(one, "a.txt"), "changed\n");
    expect(git(one, "status", "--porcelain")).toBe("M a.txt");
    // The user's own worktree is untouched.
    expect(git(root, "status", "--porcelain")).toBe("");
    await Promise.all(dirs.map((dir) => removeLinkedWorktree(dir)));
    expect(git(root, "worktree", "list").split("\n")).toHaveLength(1);
    expect(existsSync(one)).toBe(false);
    expect(readdirSync(path.join(root, ".git", "worktrees"))).toEqual([]);
  });
});
