import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { tempRepo } from "../../test/support/temp-repo.js";
import { editTree } from "./edit-tree.js";
import { git } from "./run-git.js";

async function blob(cwd: string, content: string): Promise<string> {
  return git(["hash-object", "-w", "--stdin"], { cwd, input: content });
}

/** What git itself makes of the same edits, through an index. */
async function viaIndex(
  cwd: string,
  tree: string,
  edits: [string, { mode: string; oid: string } | null][],
): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-index-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const env = { GIT_INDEX_FILE: path.join(dir, "index") };
  await git(["read-tree", tree], { cwd, env });
  for (const [file, edit] of edits) {
    if (edit) {
      await git(["update-index", "--add", "--cacheinfo", `${edit.mode},${edit.oid},${file}`], {
        cwd,
        env,
      });
    } else {
      await git(["rm", "-r", "--cached", "-q", "--ignore-unmatch", "--", file], { cwd, env });
    }
  }
  return git(["write-tree"], { cwd, env });
}

describe("editTree", () => {
  it("edits, adds, deletes files and folders as an index would", async () => {
    const repo = tempRepo({
      "a.txt": "a\n",
      "src/one.ts": "1\n",
      "src/deep/two.ts": "2\n",
      "src/deep/three.ts": "3\n",
      "gone/x": "x\n",
      "name-with.dot": "d\n",
      "name/inner": "i\n",
    });
    const tree = repo.git("rev-parse", "HEAD^{tree}");
    const changed = await blob(repo.root, "changed\n");
    const added = await blob(repo.root, "added\n");
    const edits: [string, { mode: string; oid: string } | null][] = [
      ["src/deep/two.ts", { mode: "100755", oid: changed }],
      ["src/new/dir/file.ts", { mode: "100644", oid: added }],
      ["src/deep/three.ts", null],
      ["gone", null],
      ["name", null],
      ["name.txt", { mode: "100644", oid: added }],
      ["link", { mode: "120000", oid: await blob(repo.root, "a.txt") }],
    ];
    const ours = await editTree(repo.root, tree, new Map(edits));
    expect(ours).toBe(await viaIndex(repo.root, tree, edits));
    expect(repo.git("ls-tree", "-r", "--name-only", ours).split("\n")).toEqual([
      "a.txt",
      "link",
      "name-with.dot",
      "name.txt",
      "src/deep/two.ts",
      "src/new/dir/file.ts",
      "src/one.ts",
    ]);
  });

  it("edits a folder of hundreds of entries again and again as an index would", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 600; i++) files[`src/f${i}.js`] = `${i}\n`;
    const repo = tempRepo({ ...files, "src/sub/inner.js": "i\n", "src-sibling.js": "s\n" });
    const tree = repo.git("rev-parse", "HEAD^{tree}");
    const oid = await blob(repo.root, "edited\n");
    // Each call starts from the same large tree, as every attempt of a run does.
    const rounds: [string, { mode: string; oid: string } | null][][] = [
      [["src/f7.js", { mode: "100644", oid }]],
      [
        ["src/f0.js", null],
        ["src/f599.js", { mode: "100755", oid }],
        ["src/a-new.js", { mode: "100644", oid }],
        ["src/zz/new.js", { mode: "100644", oid }],
      ],
      [
        ["src/sub", null],
        ["src/sub.js", { mode: "100644", oid }],
        ["src/f3", { mode: "100644", oid }],
      ],
    ];
    for (const edits of rounds) {
      expect(await editTree(repo.root, tree, new Map(edits))).toBe(
        await viaIndex(repo.root, tree, edits),
      );
    }
  });

  it("replaces a file by a folder and a folder by a file", async () => {
    const repo = tempRepo({ x: "file\n", "d/inner": "i\n" });
    const tree = repo.git("rev-parse", "HEAD^{tree}");
    const oid = await blob(repo.root, "new\n");
    const edits = new Map([
      ["x/y", { mode: "100644", oid }],
      ["d", { mode: "100644", oid }],
    ]);
    const ours = await editTree(repo.root, tree, edits);
    expect(repo.git("ls-tree", "-r", ours)).toBe(`100644 blob ${oid}\td\n100644 blob ${oid}\tx/y`);
  });

  it("starts a folder over when it is deleted and written again", async () => {
    const repo = tempRepo({ "d/old": "o\n", "d/keep": "k\n" });
    const tree = repo.git("rev-parse", "HEAD^{tree}");
    const oid = await blob(repo.root, "n\n");
    const ours = await editTree(
      repo.root,
      tree,
      new Map<string, { mode: string; oid: string } | null>([
        ["d", null],
        ["d/new", { mode: "100644", oid }],
      ]),
    );
    expect(repo.git("ls-tree", "-r", "--name-only", ours)).toBe("d/new");
  });

  it("returns the empty tree when everything is deleted, and the same tree for no edits", async () => {
    const repo = tempRepo({ a: "a\n" });
    const tree = repo.git("rev-parse", "HEAD^{tree}");
    expect(await editTree(repo.root, tree, new Map())).toBe(tree);
    expect(await editTree(repo.root, tree, new Map([["a", null]]))).toBe(
      repo.git("hash-object", "-t", "tree", "/dev/null"),
    );
  });

  it("keeps names that need quoting", async () => {
    const repo = tempRepo({ plain: "p\n" });
    const dir = repo.root;
    writeFileSync(path.join(dir, "tab\there"), "t\n");
    symlinkSync("plain", path.join(dir, 'quote"d'));
    repo.commitAll("odd names");
    const tree = repo.git("rev-parse", "HEAD^{tree}");
    const oid = await blob(dir, "x\n");
    const edits: [string, { mode: string; oid: string }][] = [
      ["tab\there", { mode: "100644", oid }],
    ];
    expect(await editTree(dir, tree, new Map(edits))).toBe(await viaIndex(dir, tree, edits));
  });
});
