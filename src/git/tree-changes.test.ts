import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { treeChanges } from "./tree-changes.js";

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

type Edit = string | null | { exec: string } | { link: string };

/** The tree of the working folder after these edits: files written, made executable, links, removals. */
function treeAfter(edits: Record<string, Edit>): string {
  for (const [file, edit] of Object.entries(edits)) {
    const at = path.join(root, file);
    rmSync(at, { recursive: true, force: true });
    if (edit === null) continue;
    mkdirSync(path.dirname(at), { recursive: true });
    if (typeof edit === "object" && "link" in edit) symlinkSync(edit.link, at);
    else {
      writeFileSync(at, typeof edit === "string" ? edit : edit.exec);
      if (typeof edit !== "string") chmodSync(at, 0o755);
    }
  }
  git("add", "-A");
  return git("write-tree");
}

/** What git itself lists, without rename detection, as sorted lines. */
function gitSays(from: string, to: string): string[] {
  const out = execFileSync("git", ["diff-tree", "-r", "-z", "--raw", "--no-renames", from, to], {
    cwd: root,
    encoding: "utf8",
  });
  const fields = out.split("\0").filter(Boolean);
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i += 2) {
    const [, mode, , blob, status] = (fields[i] ?? "").replace(/^:/, "").split(" ");
    lines.push(`${status} ${fields[i + 1]} ${mode} ${blob}`);
  }
  return lines.sort();
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "armada-tree-changes-"));
  git("init", "-q");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("treeChanges", () => {
  it("lists what git diff-tree -r lists: edits, additions, deletions, modes, links, files that became folders and back", async () => {
    const before = treeAfter({
      "a.txt": "a\n",
      "same.txt": "same\n",
      "gone.txt": "gone\n",
      "run.sh": "echo\n",
      link: { link: "a.txt" },
      "file-then-dir": "file\n",
      "dir-then-file/inner.txt": "inner\n",
      "deep/x/y.txt": "y\n",
      "deep/x/keep.txt": "keep\n",
      "old/one.txt": "1\n",
      "old/two/three.txt": "3\n",
    });
    const after = treeAfter({
      "a.txt": "a, edited\n",
      "gone.txt": null,
      "run.sh": { exec: "echo\n" },
      link: "now a file\n",
      "file-then-dir": null,
      "file-then-dir/inside.txt": "inside\n",
      "dir-then-file": "a file now\n",
      "deep/x/y.txt": "y, edited\n",
      "deep/new/z.txt": "z\n",
      old: null,
      "new.txt": "new\n",
    });
    const ours = (await treeChanges(root, before, after))
      .map((c) => `${c.status} ${c.path} ${c.mode} ${c.blob}`)
      .sort();
    expect(ours).toEqual(gitSays(before, after));
    expect(ours.length).toBe(13);
  });

  it("finds nothing between a tree and itself, and one edit in a folder of 3,000 files", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3000; i++) files[`src/f${i}.js`] = `${i}\n`;
    const before = treeAfter(files);
    expect(await treeChanges(root, before, before)).toEqual([]);
    const after = treeAfter({ "src/f1234.js": "edited\n" });
    expect((await treeChanges(root, before, after)).map((c) => [c.status, c.path])).toEqual([
      ["M", "src/f1234.js"],
    ]);
  });
});
