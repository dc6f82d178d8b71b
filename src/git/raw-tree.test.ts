import { describe, expect, it } from "vitest";
import { diffRawTrees, editRawTree, rawEntries } from "./raw-tree.js";
import { editedTree, parseTree, TREE_MODE, type TreeEntry, treeObject } from "./tree-object.js";

// Names whose order depends on git's rule that a folder sorts as if its name ended with "/".
const NAMES = ["a", "a.js", "a-b", "a0", "ab", "b", "é", "z"];
const MODES = ["100644", "100755", "120000", TREE_MODE];

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function entryOf(name: string, next: () => number): TreeEntry {
  const mode = MODES[Math.floor(next() * MODES.length)] as string;
  const oid = Math.floor(next() * 4)
    .toString(16)
    .repeat(40);
  return { mode, name, oid };
}

function rawOf(entries: TreeEntry[]): Buffer {
  return treeObject(editedTree(undefined, new Map(entries.map((e) => [e.name, e]))), "sha1").data;
}

describe("raw trees", () => {
  it("diff, look up and edit as the parsed trees do, in git's order", () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const pick = (): TreeEntry[] =>
        NAMES.filter(() => next() < 0.6).map((name) => entryOf(name, next));
      const before = pick();
      const after = pick();
      const beforeRaw = rawOf(before);
      const afterRaw = rawOf(after);

      const expected = new Map<string, { before?: TreeEntry; after?: TreeEntry }>();
      for (const name of NAMES) {
        const b = before.find((e) => e.name === name);
        const a = after.find((e) => e.name === name);
        if (b?.mode === a?.mode && b?.oid === a?.oid) continue;
        expected.set(name, { ...(b ? { before: b } : {}), ...(a ? { after: a } : {}) });
      }
      expect(diffRawTrees(beforeRaw, afterRaw, 20)).toEqual(expected);

      const asked = NAMES.filter(() => next() < 0.5);
      expect(rawEntries(beforeRaw, asked, 20)).toEqual(
        new Map(before.filter((e) => asked.includes(e.name)).map((e) => [e.name, e])),
      );

      const changes = new Map<string, TreeEntry | null>(
        NAMES.filter(() => next() < 0.4).map((name) => [
          name,
          next() < 0.3 ? null : entryOf(name, next),
        ]),
      );
      const edited = editRawTree(beforeRaw, changes, 20);
      expect(edited).toEqual(Buffer.concat(editedTree(parseTree(beforeRaw, 20), changes)));
    }
  });
});
