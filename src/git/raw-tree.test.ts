import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { diffRawTrees, editRawTree, rawEntries } from "./raw-tree.js";
import { TREE_MODE, type TreeEntry } from "./tree-object.js";

// Names whose order depends on git's rule that a folder sorts as if its name ended with "/".
const NAMES = ["a", "a.js", "a-b", "a0", "ab", "b", "é", "z"];
const MODES = ["100644", "100755", "120000", TREE_MODE];
const OIDS = ["1".repeat(40), "2".repeat(40)];

const root = mkdtempSync(path.join(tmpdir(), "armada-raw-tree-"));
execFileSync("git", ["init", "-q", root]);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The raw tree git itself writes for these entries (mktree sorts them its own way). */
function gitTree(entries: TreeEntry[]): Buffer {
  const type = (mode: string): string => (mode === TREE_MODE ? "tree" : "blob");
  const input = entries.map((e) => `${e.mode} ${type(e.mode)} ${e.oid}\t${e.name}\n`).join("");
  const oid = execFileSync("git", ["mktree", "--missing"], { cwd: root, input }).toString().trim();
  return execFileSync("git", ["cat-file", "tree", oid], { cwd: root });
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("raw trees", () => {
  it("diff, look up and edit trees as git orders them", () => {
    const next = random(7);
    const entryOf = (name: string): TreeEntry => {
      const mode = MODES[Math.floor(next() * MODES.length)] as string;
      return { mode, name, oid: OIDS[Math.floor(next() * OIDS.length)] as string };
    };
    for (let round = 0; round < 60; round++) {
      const pick = (): TreeEntry[] => NAMES.filter(() => next() < 0.6).map(entryOf);
      const before = pick();
      const after = pick();
      const beforeRaw = gitTree(before);

      const expected = new Map<string, { before?: TreeEntry; after?: TreeEntry }>();
      for (const name of NAMES) {
        const b = before.find((e) => e.name === name);
        const a = after.find((e) => e.name === name);
        if (b?.mode === a?.mode && b?.oid === a?.oid) continue;
        expected.set(name, { ...(b ? { before: b } : {}), ...(a ? { after: a } : {}) });
      }
      expect(diffRawTrees(beforeRaw, gitTree(after), 20)).toEqual(expected);

      const asked = NAMES.filter(() => next() < 0.5);
      expect(rawEntries(beforeRaw, asked, 20)).toEqual(
        new Map(before.filter((e) => asked.includes(e.name)).map((e) => [e.name, e])),
      );

      const changes = new Map<string, TreeEntry | null>(
        NAMES.filter(() => next() < 0.4).map((name) => [name, next() < 0.3 ? null : entryOf(name)]),
      );
      const edited = [
        ...before.filter((e) => !changes.has(e.name)),
        ...[...changes.values()].filter((e): e is TreeEntry => e !== null),
      ];
      expect(editRawTree(beforeRaw, changes, 20)).toEqual(gitTree(edited));
    }
  });

  it("diffs and edits large trees by their few differing entries, and edits an edited tree again", () => {
    const next = random(11);
    const oid = (): string =>
      Array.from({ length: 40 }, () => "0123456789abcdef"[Math.floor(next() * 16)]).join("");
    const names = Array.from({ length: 3000 }, (_, i) => `f${i}${i % 7 === 0 ? ".js" : ""}`);
    const base: TreeEntry[] = names.map((name, i) => ({
      mode: i % 50 === 0 ? TREE_MODE : "100644",
      name,
      oid: oid(),
    }));
    let entries = base;
    let raw = gitTree(entries);
    for (let round = 0; round < 12; round++) {
      const changes = new Map<string, TreeEntry | null>();
      for (let k = 0; k < 1 + (round % 4); k++) {
        const name =
          round % 3 === 0 && k === 0
            ? `new${round}`
            : (names[Math.floor(next() * names.length)] as string);
        changes.set(
          name,
          next() < 0.25 ? null : { mode: next() < 0.2 ? TREE_MODE : "100755", name, oid: oid() },
        );
      }
      const edited = [
        ...entries.filter((e) => !changes.has(e.name)),
        ...[...changes.values()].filter((e): e is TreeEntry => e !== null),
      ];
      const expected = gitTree(edited);
      // Edited from the last edit's output: its entry starts were derived, not walked.
      const ours = editRawTree(raw, changes, 20);
      expect(ours.equals(expected)).toBe(true);

      const diff = new Map<string, { before?: TreeEntry; after?: TreeEntry }>();
      for (const [name, entry] of changes) {
        const was = entries.find((e) => e.name === name);
        if (was?.mode === entry?.mode && was?.oid === entry?.oid) continue;
        diff.set(name, { ...(was ? { before: was } : {}), ...(entry ? { after: entry } : {}) });
      }
      expect(diffRawTrees(raw, ours, 20)).toEqual(diff);
      const asked = [...changes.keys(), names[0] as string, names[2999] as string];
      expect(rawEntries(ours, asked, 20)).toEqual(
        new Map(edited.filter((e) => asked.includes(e.name)).map((e) => [e.name, e])),
      );
      entries = edited;
      raw = ours;
    }
  });
});
