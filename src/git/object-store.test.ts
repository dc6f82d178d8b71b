import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { tempRepo } from "../../test/support/temp-repo.js";
import { commitTree } from "./commits.js";
import { objectStore } from "./object-store.js";
import { git } from "./run-git.js";

describe("objectStore", () => {
  it("writes blobs, trees and commits that git reads as its own, and fsck accepts", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const store = objectStore(repo.root);
    const content = Buffer.from("hello\r\nworld\0binary\n");
    const blob = await store.write("blob", content);
    expect(blob).toBe(await git(["hash-object", "--stdin"], { cwd: repo.root, input: content }));
    const catted = execFileSync("git", ["cat-file", "blob", blob], { cwd: repo.root });
    expect(catted.equals(content)).toBe(true);
    const tree = await git(["mktree"], { cwd: repo.root, input: `100644 blob ${blob}\tb.bin\n` });
    const head = await git(["rev-parse", "HEAD"], { cwd: repo.root });
    const commit = await commitTree(
      repo.root,
      tree,
      [head],
      "armada: a change\n\nArmada-Task: t1\n",
    );
    expect(await git(["rev-parse", `${commit}^{tree}`], { cwd: repo.root })).toBe(tree);
    expect(await git(["rev-parse", `${commit}^`], { cwd: repo.root })).toBe(head);
    expect(await git(["log", "-1", "--format=%an <%ae>|%B", commit], { cwd: repo.root })).toBe(
      "armada <armada@localhost>|armada: a change\n\nArmada-Task: t1",
    );
    // Written twice, an object is the same file: nothing else is left behind.
    expect(await store.write("blob", content)).toBe(blob);
    const folder = path.join(repo.root, ".git", "objects", blob.slice(0, 2));
    expect(readdirSync(folder)).toEqual([blob.slice(2)]);
    await git(["fsck", "--strict", "--no-dangling"], { cwd: repo.root });
  });

  it("writes SHA-256 objects in a SHA-256 repository, and into GIT_DIR's store when given", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "armada-sha256-"));
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    const gitDir = path.join(root, "elsewhere.git");
    execFileSync("git", ["init", "-q", "--object-format=sha256", "--bare", gitDir]);
    const blob = await objectStore(root, gitDir).write("blob", Buffer.from("x\n"));
    expect(blob).toHaveLength(64);
    expect(execFileSync("git", ["--git-dir", gitDir, "cat-file", "-p", blob]).toString()).toBe(
      "x\n",
    );
  });
});
