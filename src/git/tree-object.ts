import { createHash } from "node:crypto";

export const TREE_MODE = "40000";
export const GITLINK_MODE = "160000";

export interface TreeEntry {
  /** As git writes it: 100644, 100755, 120000, 40000 or 160000. */
  mode: string;
  name: string;
  oid: string;
}

/** A tree's entries in git's order, each with its sort key and its bytes in the tree object. */
export interface SortedTree {
  entries: TreeEntry[];
  keys: Buffer[];
  chunks: Buffer[];
  byName: Map<string, number>;
}

// Git orders entries by name bytes, a tree's name compared as if it ended with "/".
function sortKey(entry: TreeEntry): Buffer {
  return Buffer.from(entry.mode === TREE_MODE ? `${entry.name}/` : entry.name);
}

function chunkOf(entry: TreeEntry): Buffer {
  return Buffer.concat([
    Buffer.from(`${entry.mode} ${entry.name}\0`),
    Buffer.from(entry.oid, "hex"),
  ]);
}

/** The entries of a raw tree object (`oidBytes` is 20 for SHA-1 repositories, 32 for SHA-256). */
export function parseTree(data: Buffer, oidBytes: number): SortedTree {
  const tree: SortedTree = { entries: [], keys: [], chunks: [], byName: new Map() };
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    const nul = data.indexOf(0, space);
    const end = nul + 1 + oidBytes;
    const entry = {
      mode: data.subarray(at, space).toString("latin1"),
      name: data.subarray(space + 1, nul).toString("utf8"),
      oid: data.subarray(nul + 1, end).toString("hex"),
    };
    tree.byName.set(entry.name, tree.entries.length);
    tree.entries.push(entry);
    tree.keys.push(sortKey(entry));
    tree.chunks.push(data.subarray(at, end));
    at = end;
  }
  return tree;
}

/**
 * The bytes of `base` (none: an empty tree) with entries replaced, added or (null) removed by
 * name, in git's order: the unchanged entries are reused as they are, so editing one entry of
 * a folder of 10,000 costs a copy, not a sort.
 */
export function editedTree(
  base: SortedTree | undefined,
  changes: Map<string, TreeEntry | null>,
): Buffer[] {
  const replaced = new Set<number>();
  const added: { key: Buffer; chunk: Buffer }[] = [];
  for (const [name, entry] of changes) {
    const at = base?.byName.get(name);
    if (at !== undefined) replaced.add(at);
    if (entry) added.push({ key: sortKey(entry), chunk: chunkOf(entry) });
  }
  added.sort((a, b) => Buffer.compare(a.key, b.key));
  const chunks: Buffer[] = [];
  const count = base?.entries.length ?? 0;
  let next = 0;
  for (let i = 0; i < count; i++) {
    if (replaced.has(i)) continue;
    const key = base?.keys[i] as Buffer;
    for (; next < added.length && Buffer.compare(added[next]?.key as Buffer, key) < 0; next++)
      chunks.push(added[next]?.chunk as Buffer);
    chunks.push(base?.chunks[i] as Buffer);
  }
  for (; next < added.length; next++) chunks.push(added[next]?.chunk as Buffer);
  return chunks;
}

/** The raw tree object of these entry bytes (in git's order) and its oid. */
export function treeObject(
  chunks: Buffer[],
  algorithm: "sha1" | "sha256",
): { data: Buffer; oid: string } {
  const data = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
  const oid = createHash(algorithm).update(`tree ${data.length}\0`).update(data).digest("hex");
  return { data, oid };
}
