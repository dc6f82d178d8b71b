import { ArmadaError } from "../core/errors.js";
import { borrowObjectReader } from "./object-reader.js";
import { objectStore } from "./object-store.js";
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
  const reader = borrowObjectReader(cwd);
  const written: { data: Buffer; oid: string }[] = [];
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
    const tree = serializeTree([...entries.values()], algorithm);
    if (tree.oid !== base) written.push(tree);
    return tree.oid;
  };
  let root: string | undefined;
  try {
    root = await build(buildTrie(edits), startTree);
  } finally {
    reader.close();
  }
  const store = objectStore(cwd);
  await Promise.all(written.map((tree) => store.write("tree", tree.data)));
  if (root) return root;
  return store.write("tree", Buffer.alloc(0));
}
