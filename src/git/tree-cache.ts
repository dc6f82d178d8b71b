import { ArmadaError } from "../core/errors.js";
import type { ObjectReader } from "./object-reader.js";
import { diffRawTrees, type EntryChange } from "./raw-tree.js";

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

/** Folder diffs asked for twice in a row: an attempt's change is read, then merged. */
const diffs = new Map<string, Map<string, EntryChange>>();
const KEPT_DIFFS = 256;

/** The entries that differ between two trees (undefined: an empty one), remembered by their oids. */
export async function diffTrees(
  reader: ObjectReader,
  before: string | undefined,
  after: string | undefined,
  oidBytes: number,
): Promise<Map<string, EntryChange>> {
  const key = `${before ?? ""}:${after ?? ""}`;
  const known = diffs.get(key);
  if (known) return known;
  const [a, b] = await Promise.all(
    [before, after].map((oid) => (oid ? readRawTree(reader, oid) : Buffer.alloc(0))),
  );
  const changes = diffRawTrees(a as Buffer, b as Buffer, oidBytes);
  diffs.set(key, changes);
  for (const oldest of diffs.keys()) {
    if (diffs.size <= KEPT_DIFFS) break;
    diffs.delete(oldest);
  }
  return changes;
}
