import { createHash } from "node:crypto";

export const TREE_MODE = "40000";
export const GITLINK_MODE = "160000";

export interface TreeEntry {
  /** As git writes it: 100644, 100755, 120000, 40000 or 160000. */
  mode: string;
  name: string;
  oid: string;
}

/** The entries of a raw tree object (`oidBytes` is 20 for SHA-1 repositories, 32 for SHA-256). */
export function parseTree(data: Buffer, oidBytes: number): TreeEntry[] {
  const entries: TreeEntry[] = [];
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(32, at);
    const nul = data.indexOf(0, space);
    entries.push({
      mode: data.subarray(at, space).toString("latin1"),
      name: data.subarray(space + 1, nul).toString("utf8"),
      oid: data.subarray(nul + 1, nul + 1 + oidBytes).toString("hex"),
    });
    at = nul + 1 + oidBytes;
  }
  return entries;
}

/** The raw tree object of these entries, in git's order, and its oid. */
export function serializeTree(
  entries: TreeEntry[],
  algorithm: "sha1" | "sha256",
): { data: Buffer; oid: string } {
  // Git orders entries by name bytes, a tree's name compared as if it ended with "/"; each
  // name is encoded once, not at every comparison (trees of 10,000 entries are common here).
  const keyed = entries.map((entry) => ({
    entry,
    key: Buffer.from(entry.mode === TREE_MODE ? `${entry.name}/` : entry.name),
  }));
  keyed.sort((a, b) => Buffer.compare(a.key, b.key));
  const data = Buffer.concat(
    keyed.flatMap(({ entry }) => [
      Buffer.from(`${entry.mode} ${entry.name}\0`),
      Buffer.from(entry.oid, "hex"),
    ]),
  );
  const oid = createHash(algorithm).update(`tree ${data.length}\0`).update(data).digest("hex");
  return { data, oid };
}
