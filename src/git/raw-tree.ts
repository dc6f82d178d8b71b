import { TREE_MODE, type TreeEntry } from "./tree-object.js";

// Raw tree objects read in place: a folder of 10,000 files is walked entry by entry without an
// object per entry, since a run edits the same large folders over and over (issue 20).

const SPACE = 0x20;
const SLASH = 0x2f;

interface Bounds {
  /** Where the entry's name starts and ends (its NUL). */
  name: number;
  nul: number;
  end: number;
  tree: boolean;
}

function boundsAt(raw: Buffer, at: number, oidBytes: number): Bounds {
  const space = raw.indexOf(SPACE, at);
  const nul = raw.indexOf(0, space);
  // "40000", the only mode of five digits.
  return { name: space + 1, nul, end: nul + 1 + oidBytes, tree: space - at === 5 };
}

function entryAt(raw: Buffer, at: number, b: Bounds): TreeEntry {
  return {
    mode: raw.toString("latin1", at, b.name - 1),
    name: raw.toString("utf8", b.name, b.nul),
    oid: raw.toString("hex", b.nul + 1, b.end),
  };
}

/** Git's order: names by bytes, a folder's as if it ended with "/". */
function compareKeys(a: Buffer, ab: Bounds, b: Buffer, bb: Bounds): number {
  const aLength = ab.nul - ab.name;
  const bLength = bb.nul - bb.name;
  const n = Math.min(aLength, bLength);
  const c = a.compare(b, bb.name, bb.name + n, ab.name, ab.name + n);
  if (c !== 0) return c;
  const aNext = aLength > n ? (a[ab.name + n] as number) : ab.tree ? SLASH : -1;
  const bNext = bLength > n ? (b[bb.name + n] as number) : bb.tree ? SLASH : -1;
  // Names hold no "/": past this byte the keys are equal or one has ended.
  return aNext - bNext;
}

export interface EntryChange {
  before?: TreeEntry;
  after?: TreeEntry;
}

/**
 * Where each entry of a raw tree starts, found by one walk and kept with the buffer: a base
 * tree is looked up by every attempt of a run, and an edited tree's starts follow from its
 * original's without a walk.
 */
const startsOf = new WeakMap<Buffer, Int32Array>();

function entryStarts(raw: Buffer, oidBytes: number): Int32Array {
  const known = startsOf.get(raw);
  if (known) return known;
  let count = 0;
  for (let at = 0; at < raw.length; count++) at = boundsAt(raw, at, oidBytes).end;
  const starts = new Int32Array(count);
  for (let at = 0, i = 0; at < raw.length; i++) {
    starts[i] = at;
    at = boundsAt(raw, at, oidBytes).end;
  }
  startsOf.set(raw, starts);
  return starts;
}

interface Key {
  raw: Buffer;
  bounds: Bounds;
}

/** The index of the first entry whose key is not below `key` (git's order). */
function lowerBound(raw: Buffer, starts: Int32Array, key: Key, oidBytes: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = starts[mid] as number;
    if (compareKeys(raw, boundsAt(raw, at, oidBytes), key.raw, key.bounds) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the entry named `name` (a file or a folder), or -1. */
function indexOf(raw: Buffer, starts: Int32Array, name: string, oidBytes: number): number {
  for (const tree of [false, true]) {
    const key = keyOf(name, tree, oidBytes);
    const i = lowerBound(raw, starts, key, oidBytes);
    if (i < starts.length) {
      const b = boundsAt(raw, starts[i] as number, oidBytes);
      if (compareKeys(raw, b, key.raw, key.bounds) === 0) return i;
    }
  }
  return -1;
}

/** How many leading bytes two buffers share, by halving: each step one native comparison. */
function sharedPrefix(a: Buffer, b: Buffer): number {
  let lo = 0;
  let hi = Math.min(a.length, b.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.compare(b, 0, mid, 0, mid) === 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** How many trailing bytes two buffers share, at most `limit`. */
function sharedSuffix(a: Buffer, b: Buffer, limit: number): number {
  let lo = 0;
  let hi = Math.min(limit, a.length, b.length);
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (a.compare(b, b.length - mid, b.length, a.length - mid, a.length) === 0) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The entries that differ between two raw trees, by name. Trees that differ in a few entries
 * (an attempt's change, a merge) share their bytes up to the first of those and after the last:
 * those runs are skipped by comparing bytes, and only the entries between are walked.
 */
export function diffRawTrees(
  before: Buffer,
  after: Buffer,
  oidBytes: number,
): Map<string, EntryChange> {
  const changes = new Map<string, EntryChange>();
  const note = (name: string, side: "before" | "after", entry: TreeEntry): void => {
    const change = changes.get(name) ?? {};
    change[side] = entry;
    changes.set(name, change);
  };
  const prefix = sharedPrefix(before, after);
  if (prefix === before.length && prefix === after.length) return changes;
  // Both trees have the same entries up to the one the first differing byte is in.
  const starts = entryStarts(before, oidBytes);
  let first = 0;
  for (let lo = 0, hi = starts.length - 1; lo <= hi; ) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= prefix) {
      first = starts[mid] as number;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const suffix = sharedSuffix(before, after, Math.min(before.length, after.length) - first);
  const shift = after.length - before.length;
  let a = first;
  let b = first;
  while (a < before.length || b < after.length) {
    // From here on both hold the same bytes, entry for entry.
    if (a >= before.length - suffix && b === a + shift) break;
    const ab = a < before.length ? boundsAt(before, a, oidBytes) : undefined;
    const bb = b < after.length ? boundsAt(after, b, oidBytes) : undefined;
    if (
      ab &&
      bb &&
      ab.end - a === bb.end - b &&
      before.compare(after, b, bb.end, a, ab.end) === 0
    ) {
      a = ab.end;
      b = bb.end;
      continue;
    }
    const order = ab && bb ? compareKeys(before, ab, after, bb) : ab ? -1 : 1;
    if (ab && order <= 0) {
      const entry = entryAt(before, a, ab);
      note(entry.name, "before", entry);
      a = ab.end;
    }
    if (bb && order >= 0) {
      const entry = entryAt(after, b, bb);
      note(entry.name, "after", entry);
      b = bb.end;
    }
  }
  return changes;
}

/** A one-entry raw tree holding `name` as a file or a folder: a key to compare entries with. */
function keyOf(name: string, tree: boolean, oidBytes: number): Key {
  const raw = Buffer.concat([
    Buffer.from(`${tree ? TREE_MODE : "100644"} ${name}\0`),
    Buffer.alloc(oidBytes),
  ]);
  return { raw, bounds: boundsAt(raw, 0, oidBytes) };
}

/** The entries of a raw tree with these names. */
export function rawEntries(
  raw: Buffer,
  names: Iterable<string>,
  oidBytes: number,
): Map<string, TreeEntry> {
  const starts = entryStarts(raw, oidBytes);
  const found = new Map<string, TreeEntry>();
  for (const name of names) {
    const i = indexOf(raw, starts, name, oidBytes);
    if (i < 0) continue;
    const at = starts[i] as number;
    const entry = entryAt(raw, at, boundsAt(raw, at, oidBytes));
    found.set(entry.name, entry);
  }
  return found;
}

/**
 * The bytes of a raw tree with entries replaced, added or (null) removed by name, in git's
 * order: each change is placed by binary search, and the runs of entries between are copied
 * as they are. The new tree's entry starts are derived from the old one's, for its next edit.
 */
export function editRawTree(
  raw: Buffer,
  changes: Map<string, TreeEntry | null>,
  oidBytes: number,
): Buffer {
  const starts = entryStarts(raw, oidBytes);
  const removed = new Set<number>();
  const inserts: { at: number; key: Key }[] = [];
  for (const [name, entry] of changes) {
    const i = indexOf(raw, starts, name, oidBytes);
    if (i >= 0) removed.add(i);
    if (entry === null) continue;
    const bytes = Buffer.concat([
      Buffer.from(`${entry.mode} ${entry.name}\0`),
      Buffer.from(entry.oid, "hex"),
    ]);
    const key = { raw: bytes, bounds: boundsAt(bytes, 0, oidBytes) };
    inserts.push({ at: lowerBound(raw, starts, key, oidBytes), key });
  }
  inserts.sort(
    (x, y) => x.at - y.at || compareKeys(x.key.raw, x.key.bounds, y.key.raw, y.key.bounds),
  );
  const chunks: Buffer[] = [];
  const newStarts = new Int32Array(starts.length - removed.size + inserts.length);
  let out = 0;
  let written = 0;
  let next = 0;
  let run = 0;
  const flush = (upTo: number): void => {
    if (upTo > run) chunks.push(raw.subarray(run, upTo));
    out += upTo - run;
  };
  for (let i = 0; i <= starts.length; i++) {
    const at = i < starts.length ? (starts[i] as number) : raw.length;
    if (next < inserts.length && (inserts[next] as { at: number }).at === i) {
      flush(at);
      for (; next < inserts.length && (inserts[next] as { at: number }).at === i; next++) {
        const bytes = (inserts[next] as { key: Key }).key.raw;
        chunks.push(bytes);
        newStarts[written++] = out;
        out += bytes.length;
      }
      run = at;
    }
    if (i === starts.length) break;
    if (removed.has(i)) {
      flush(at);
      run = i + 1 < starts.length ? (starts[i + 1] as number) : raw.length;
      continue;
    }
    newStarts[written++] = out + (at - run);
  }
  flush(raw.length);
  const edited = Buffer.concat(chunks);
  startsOf.set(edited, newStarts);
  return edited;
}
