import { borrowObjectReader } from "./object-reader.js";
import { objectStore } from "./object-store.js";
import { editRawTree, rawEntries } from "./raw-tree.js";
import { readRawTree, rememberRawTree } from "./tree-cache.js";
import { GITLINK_MODE, TREE_MODE, type TreeEntry, treeObject } from "./tree-object.js";

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
    const raw = base ? await readRawTree(reader, base) : Buffer.alloc(0);
    const current = rawEntries(raw, node.children.keys(), oidBytes);
    const changes = new Map<string, TreeEntry | null>();
    for (const [name, child] of node.children) {
      const at = current.get(name);
      // A submodule's content is not ours to change.
      if (at?.mode === GITLINK_MODE) continue;
      if (child.children.size > 0) {
        const from = child.edit === null || at?.mode !== TREE_MODE ? undefined : at.oid;
        const oid = await build(child, from);
        changes.set(name, oid ? { mode: TREE_MODE, name, oid } : null);
      } else if (child.edit === null) {
        changes.set(name, null);
      } else if (child.edit) {
        changes.set(name, { mode: child.edit.mode, name, oid: child.edit.oid });
      }
    }
    const data = editRawTree(raw, changes, oidBytes);
    if (data.length === 0) return undefined;
    const made = treeObject(data, algorithm);
    if (made.oid !== base) written.push(made);
    return made.oid;
  };
  let root: string | undefined;
  try {
    root = await build(buildTrie(edits), startTree);
  } finally {
    reader.close();
  }
  const store = objectStore(cwd);
  await Promise.all(written.map((tree) => store.write("tree", tree.data)));
  // A captured result is diffed and merged next: its trees need not come back through git.
  for (const tree of written) rememberRawTree(tree.oid, tree.data);
  if (root) return root;
  return store.write("tree", Buffer.alloc(0));
}
