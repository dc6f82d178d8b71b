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

/** The entries that differ between two raw trees, by name. */
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
  let a = 0;
  let b = 0;
  while (a < before.length || b < after.length) {
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
function keyOf(name: string, tree: boolean, oidBytes: number): { raw: Buffer; bounds: Bounds } {
  const raw = Buffer.concat([
    Buffer.from(`${tree ? TREE_MODE : "100644"} ${name}\0`),
    Buffer.alloc(oidBytes),
  ]);
  return { raw, bounds: boundsAt(raw, 0, oidBytes) };
}

/**
 * Walks a raw tree once against `names` (each as a file and as a folder, in git's order),
 * calling `visit` with every entry and whether its name is one of them.
 */
function walkAgainst(
  raw: Buffer,
  names: Iterable<string>,
  oidBytes: number,
  visit: (at: number, b: Bounds, named: boolean) => void,
): void {
  const keys = [...names]
    .flatMap((name) => [keyOf(name, false, oidBytes), keyOf(name, true, oidBytes)])
    .sort((x, y) => compareKeys(x.raw, x.bounds, y.raw, y.bounds));
  let k = 0;
  for (let at = 0; at < raw.length; ) {
    const b = boundsAt(raw, at, oidBytes);
    let named = false;
    for (; k < keys.length; k++) {
      const key = keys[k] as { raw: Buffer; bounds: Bounds };
      const c = compareKeys(key.raw, key.bounds, raw, b);
      if (c > 0) break;
      if (c === 0) {
        named = true;
        k++;
        break;
      }
    }
    visit(at, b, named);
    at = b.end;
  }
}

/** The entries of a raw tree with these names. */
export function rawEntries(
  raw: Buffer,
  names: Iterable<string>,
  oidBytes: number,
): Map<string, TreeEntry> {
  const found = new Map<string, TreeEntry>();
  walkAgainst(raw, names, oidBytes, (at, b, named) => {
    if (!named) return;
    const entry = entryAt(raw, at, b);
    found.set(entry.name, entry);
  });
  return found;
}

/**
 * The bytes of a raw tree with entries replaced, added or (null) removed by name, in git's
 * order: the untouched runs of entries are copied as they are.
 */
export function editRawTree(
  raw: Buffer,
  changes: Map<string, TreeEntry | null>,
  oidBytes: number,
): Buffer {
  const added = [...changes.values()]
    .filter((entry): entry is TreeEntry => entry !== null)
    .map((entry) => {
      const bytes = Buffer.concat([
        Buffer.from(`${entry.mode} ${entry.name}\0`),
        Buffer.from(entry.oid, "hex"),
      ]);
      return { bytes, bounds: boundsAt(bytes, 0, oidBytes) };
    })
    .sort((x, y) => compareKeys(x.bytes, x.bounds, y.bytes, y.bounds));
  const chunks: Buffer[] = [];
  let next = 0;
  let run = 0;
  walkAgainst(raw, changes.keys(), oidBytes, (at, b, named) => {
    for (; next < added.length; next++) {
      const entry = added[next] as { bytes: Buffer; bounds: Bounds };
      if (compareKeys(entry.bytes, entry.bounds, raw, b) >= 0) break;
      chunks.push(raw.subarray(run, at), entry.bytes);
      run = at;
    }
    if (!named) return;
    chunks.push(raw.subarray(run, at));
    run = b.end;
  });
  chunks.push(raw.subarray(run));
  for (; next < added.length; next++) chunks.push((added[next] as { bytes: Buffer }).bytes);
  return Buffer.concat(chunks);
}
