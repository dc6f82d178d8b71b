import { createHash } from "node:crypto";

export const TREE_MODE = "40000";
export const GITLINK_MODE = "160000";

export interface TreeEntry {
  /** As git writes it: 100644, 100755, 120000, 40000 or 160000. */
  mode: string;
  name: string;
  oid: string;
}

/** A raw tree object (entries in git's order) with its oid. */
export function treeObject(
  data: Buffer,
  algorithm: "sha1" | "sha256",
): { data: Buffer; oid: string } {
  const oid = createHash(algorithm).update(`tree ${data.length}\0`).update(data).digest("hex");
  return { data, oid };
}
