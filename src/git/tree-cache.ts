import { ArmadaError } from "../core/errors.js";
import type { ObjectReader } from "./object-reader.js";
import { parseTree, type SortedTree } from "./tree-object.js";

// Every attempt of a run edits the same base trees, and each merge edits the tree the last one
// wrote: the large ones are kept parsed (by oid, which names their content for good), the least
// recently used let go first.
const BIG_TREE = 256;
const BIG_TREES_KEPT = 16;
const bigTrees = new Map<string, SortedTree>();

/** Keeps a tree parsed if it is large enough to be worth it. */
export function rememberTree(oid: string, tree: SortedTree): void {
  if (tree.entries.length < BIG_TREE) return;
  bigTrees.delete(oid);
  bigTrees.set(oid, tree);
  const oldest = bigTrees.keys().next().value;
  if (bigTrees.size > BIG_TREES_KEPT && oldest !== undefined) bigTrees.delete(oldest);
}

/** A tree's entries, parsed, from the cache when it is there. */
export async function readTree(reader: ObjectReader, oid: string): Promise<SortedTree> {
  const known = bigTrees.get(oid);
  if (known) {
    bigTrees.delete(oid);
    bigTrees.set(oid, known);
    return known;
  }
  const object = await reader.read(oid);
  if (object?.type !== "tree")
    throw new ArmadaError("git-failed", `tree ${oid} is missing from the repository`);
  const tree = parseTree(object.data, oid.length / 2);
  rememberTree(oid, tree);
  return tree;
}

// Raw bytes of large trees, for the in-place walks of raw-tree.ts: no object per entry.
const BIG_RAW_BYTES = 16 * 1024;
const RAW_TREES_KEPT = 32;
const rawTrees = new Map<string, Buffer>();

/** Keeps a tree's raw bytes if it is large enough to be worth it. */
export function rememberRawTree(oid: string, raw: Buffer): void {
  if (raw.length < BIG_RAW_BYTES) return;
  rawTrees.delete(oid);
  rawTrees.set(oid, raw);
  const oldest = rawTrees.keys().next().value;
  if (rawTrees.size > RAW_TREES_KEPT && oldest !== undefined) rawTrees.delete(oldest);
}

/** A tree's raw bytes, from the cache when they are there. */
export async function readRawTree(reader: ObjectReader, oid: string): Promise<Buffer> {
  const known = rawTrees.get(oid);
  if (known) {
    rawTrees.delete(oid);
    rawTrees.set(oid, known);
    return known;
  }
  const object = await reader.read(oid);
  if (object?.type !== "tree")
    throw new ArmadaError("git-failed", `tree ${oid} is missing from the repository`);
  rememberRawTree(oid, object.data);
  return object.data;
}
