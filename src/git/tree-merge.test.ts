import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mergeByTreeEdit } from "./tree-merge.js";

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

type Edit = string | null | { exec: string };

/** A commit on `parent` with files written (a string), made executable or removed (null). */
function commitOn(parent: string | undefined, edits: Record<string, Edit>): string {
  if (parent) git("checkout", "-q", "--detach", parent);
  for (const [file, edit] of Object.entries(edits)) {
    const at = path.join(root, file);
    if (edit === null) rmSync(at, { recursive: true });
    else {
      mkdirSync(path.dirname(at), { recursive: true });
      writeFileSync(at, typeof edit === "string" ? edit : edit.exec);
      if (typeof edit !== "string") chmodSync(at, 0o755);
    }
  }
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", "c");
  return git("rev-parse", "HEAD");
}

/** What git merge-tree writes for the change start..result onto integration. */
function gitMerge(integration: string, start: string, result: string): string | undefined {
  const standIn = git("commit-tree", `${integration}^{tree}`, "-p", start, "-m", "s");
  try {
    return git("merge-tree", "--write-tree", standIn, result).split("\n")[0];
  } catch {
    return undefined;
  }
}

const base: Record<string, Edit> = {
  "a.txt": "a\n",
  "b.txt": "b\n",
  "src/one.js": "1\n",
  "src/two.js": "2\n",
  "src/deep/x.js": "x\n",
  "lib/only.js": "only\n",
};

describe("mergeByTreeEdit", () => {
  let start: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), "armada-tree-merge-"));
    git("init", "-q");
    start = commitOn(undefined, base);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const agrees: [string, Record<string, Edit>, Record<string, Edit>][] = [
    ["files in one folder", { "src/one.js": "1!\n" }, { "src/two.js": "2!\n" }],
    ["new folders on both sides", { "new/a.js": "a\n" }, { "other/b/c.js": "c\n" }],
    ["the same new folder", { "new/a.js": "a\n" }, { "new/b.js": "b\n" }],
    ["a folder emptied", { "lib/only.js": null }, { "a.txt": "a!\n" }],
    ["a mode change", { "b.txt": { exec: "b\n" } }, { "src/deep/x.js": "x!\n" }],
    [
      "the same change on both sides",
      { "a.txt": "same\n" },
      { "a.txt": "same\n", "b.txt": "b!\n" },
    ],
    [
      "a rename away from the other's edit",
      { "src/one.js": "1!\n" },
      { "b.txt": null, "c.txt": "b\n" },
    ],
    ["a change that changes nothing", { "a.txt": "a!\n" }, {}],
  ];
  for (const [name, theirs, ours] of agrees)
    it(`writes what git merge-tree writes: ${name}`, async () => {
      const integration = commitOn(start, theirs);
      const result = commitOn(start, ours);
      const tree = git("rev-parse", `${integration}^{tree}`);
      const merged = await mergeByTreeEdit(root, tree, start, result);
      expect(merged).toBe(gitMerge(integration, start, result));
      // Git can read every tree written.
      expect(git("ls-tree", "-r", merged as string)).not.toBe("");
    });

  const decides: [string, Record<string, Edit>, Record<string, Edit>][] = [
    ["both changed one file", { "a.txt": "a\nmore\n" }, { "a.txt": "first\na\n" }],
    ["a file where the other made a folder", { "new": "file\n" }, { "new/x.js": "x\n" }],
    [
      "an edit of what the other renamed",
      { "src/one.js": null, "src/uno.js": "1\n" },
      { "src/one.js": "1!\n" },
    ],
  ];
  for (const [name, theirs, ours] of decides)
    it(`leaves the merge to git when a path needs a decision: ${name}`, async () => {
      const integration = commitOn(start, theirs);
      const result = commitOn(start, ours);
      const tree = git("rev-parse", `${integration}^{tree}`);
      expect(await mergeByTreeEdit(root, tree, start, result)).toBeUndefined();
    });
});
