import { ArmadaError } from "../core/errors.js";
import type { ObjectReader } from "./object-reader.js";

// Every attempt of a run edits the same base trees, and each merge edits the tree the last one
// wrote: the raw bytes of the large ones are kept (by oid, which names their content for good),
// the least recently used let go first, within a budget of bytes.
const BIG_TREE_BYTES = 16 * 1024;
const KEPT_BYTES = 16 * 1024 * 1024;
const rawTrees = new Map<string, Buffer>();
let keptBytes = 0;

/** Keeps a tree's raw bytes if it is large enough to be worth it. */
export function rememberRawTree(oid: string, raw: Buffer): void {
  if (raw.length < BIG_TREE_BYTES || raw.length > KEPT_BYTES / 2) return;
  const known = rawTrees.get(oid);
  if (known) {
    rawTrees.delete(oid);
    keptBytes -= known.length;
  }
  rawTrees.set(oid, raw);
  keptBytes += raw.length;
  for (const [oldest, bytes] of rawTrees) {
    if (keptBytes <= KEPT_BYTES) break;
    rawTrees.delete(oldest);
    keptBytes -= bytes.length;
  }
}

/** A tree's raw bytes, from the cache when they are there. */
export async function readRawTree(reader: ObjectReader, oid: string): Promise<Buffer> {
  const known = rawTrees.get(oid);
  if (known) {
    rememberRawTree(oid, known);
    return known;
  }
  const object = await reader.read(oid);
  if (object?.type !== "tree")
    throw new ArmadaError("git-failed", `tree ${oid} is missing from the repository`);
  rememberRawTree(oid, object.data);
  return object.data;
}
