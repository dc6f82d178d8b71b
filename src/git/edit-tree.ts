import { ArmadaError } from "../core/errors.js";
import { openObjectReader } from "./object-reader.js";
import { runGit } from "./run-git.js";
import {
  GITLINK_MODE,
  parseTree,
  serializeTree,
  TREE_MODE,
  type TreeEntry,
} from "./tree-object.js";

/** A blob (or symlink) to place at a path, or null to remove the file or folder there. */
export type TreeEdit = { mode: string; oid: string } | null;

interface Node {
  /** null: whatever the start tree has here is gone (children, if any, start from empty). */
  edit?: TreeEdit;
  children: Map<string, Node>;
}

function buildTrie(edits: Map<string, TreeEdit>): Node {
  const root: Node = { children: new Map() };
  for (const [file, edit] of edits) {
    let node = root;
    for (const part of file.split("/")) {
      let child = node.children.get(part);
      if (!child) {
        child = { children: new Map() };
        node.children.set(part, child);
      }
      node = child;
    }
    node.edit = edit;
  }
  return root;
}

function typeOf(mode: string): string {
  if (mode === TREE_MODE) return "tree";
  if (mode === GITLINK_MODE) return "commit";
  return "blob";
}

/**
 * Applies path edits to a tree and returns the new tree's oid, reading and writing only the
 * trees on the edited paths: the cost follows the size of the change, not of the repository.
 */
export async function editTree(
  cwd: string,
  startTree: string,
  edits: Map<string, TreeEdit>,
): Promise<string> {
  const algorithm = startTree.length === 64 ? "sha256" : "sha1";
  const oidBytes = startTree.length / 2;
  const reader = openObjectReader(cwd);
  const written: { entries: TreeEntry[]; oid: string }[] = [];
  const build = async (node: Node, base: string | undefined): Promise<string | undefined> => {
    const entries = new Map<string, TreeEntry>();
    if (base) {
      const object = await reader.read(base);
      if (!object) throw new ArmadaError("git-failed", `tree ${base} is missing`);
      for (const entry of parseTree(object.data, oidBytes)) entries.set(entry.name, entry);
    }
    for (const [name, child] of node.children) {
      const current = entries.get(name);
      // A submodule's content is not ours to change.
      if (current?.mode === GITLINK_MODE) continue;
      if (child.children.size > 0) {
        const from = child.edit === null || current?.mode !== TREE_MODE ? undefined : current.oid;
        const oid = await build(child, from);
        if (oid) entries.set(name, { mode: TREE_MODE, name, oid });
        else entries.delete(name);
      } else if (child.edit === null) {
        entries.delete(name);
      } else if (child.edit) {
        entries.set(name, { mode: child.edit.mode, name, oid: child.edit.oid });
      }
    }
    if (entries.size === 0) return undefined;
    const list = [...entries.values()];
    const { oid } = serializeTree(list, algorithm);
    if (oid !== base) written.push({ entries: list, oid });
    return oid;
  };
  let root: string | undefined;
  try {
    root = await build(buildTrie(edits), startTree);
  } finally {
    reader.close();
  }
  if (written.length > 0) {
    // Children come before their parents, so each tree's entries exist when mktree checks it.
    const input = written
      .map(({ entries }) =>
        entries.map((e) => `${e.mode} ${typeOf(e.mode)} ${e.oid}\t${e.name}\0`).join(""),
      )
      .join("\0");
    const out = await runGit(["mktree", "-z", "--batch", "--missing"], { cwd, input });
    const made = out.stdout.split("\n").filter(Boolean);
    const expected = written.map((w) => w.oid);
    if (made.join() !== expected.join()) {
      throw new ArmadaError(
        "git-failed",
        `git mktree wrote ${made.join(", ")} where armada computed ${expected.join(", ")}`,
      );
    }
  }
  if (root) return root;
  return (await runGit(["mktree"], { cwd, input: "" })).stdout.trim();
}
