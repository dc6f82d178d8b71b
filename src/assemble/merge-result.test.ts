import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { combineResults, mergeResult } from "./merge-result.js";

let root: string;
const git = (...args: string[]): string =>
  execFileSync("git", args, {
    cwd: root,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    },
  }).trim();

/** Commits `files` on top of `parent` without touching any branch, like a task's result. */
function commitOn(parent: string, files: Record<string, string>): string {
  git("checkout", "-q", "--detach", parent);
  for (const [file, content] of Object.entries(files))
    writeFileSync(path.join(root, file), content);
  git("add", "-A");
  git("commit", "-q", "-m", "result");
  return git("rev-parse", "HEAD");
}

const lines = (n: number, change: Record<number, string> = {}): string =>
  `${Array.from({ length: n }, (_, i) => change[i] ?? `line ${i}`).join("\n")}\n`;

describe("mergeResult", () => {
  let base: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "armada-merge-"));
    git("init", "-q");
    writeFileSync(path.join(root, "shared.txt"), lines(20));
    git("add", "-A");
    git("commit", "-q", "-m", "base");
    base = git("rev-parse", "HEAD");
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("takes the first result as is and merges disjoint hunks of one file with a trailer commit", async () => {
    const top = commitOn(base, { "shared.txt": lines(20, { 1: "TOP" }) });
    const bottom = commitOn(base, { "shared.txt": lines(20, { 18: "BOTTOM" }) });
    const first = await mergeResult(root, {
      runId: "r1",
      integration: base,
      taskId: "top",
      title: "Top",
      result: top,
    });
    expect(first).toEqual({ commit: top });
    const second = await mergeResult(root, {
      runId: "r1",
      integration: top,
      taskId: "bottom",
      title: "Bottom",
      result: bottom,
    });
    if (!("commit" in second)) throw new Error("expected a clean merge");
    expect(git("show", `${second.commit}:shared.txt`)).toBe(
      lines(20, { 1: "TOP", 18: "BOTTOM" }).trimEnd(),
    );
    expect(git("log", "-1", "--format=%B", second.commit)).toBe(
      "armada: merge Bottom\n\nArmada-Run: r1\nArmada-Task: bottom",
    );
    expect(git("log", "-1", "--format=%P", second.commit)).toBe(`${top} ${bottom}`);
  });

  it("reports the paths where two results change the same hunk", async () => {
    const left = commitOn(base, { "shared.txt": lines(20, { 5: "LEFT" }) });
    const right = commitOn(base, { "shared.txt": lines(20, { 5: "RIGHT" }) });
    expect(
      await mergeResult(root, {
        runId: "r",
        integration: left,
        taskId: "right",
        title: "R",
        result: right,
      }),
    ).toEqual({
      conflicts: ["shared.txt"],
    });
  });

  it("combines the results of several dependencies into one start", async () => {
    const a = commitOn(base, { "a.txt": "a\n" });
    const b = commitOn(base, { "b.txt": "b\n" });
    const start = await combineResults(root, base, [a, b]);
    if (!("commit" in start)) throw new Error("expected a clean combination");
    expect(git("ls-tree", "--name-only", start.commit).split("\n")).toEqual([
      "a.txt",
      "b.txt",
      "shared.txt",
    ]);
    expect(await combineResults(root, base, [])).toEqual({ commit: base });
  });
});
