import type { ChangedPath } from "./commits.js";
import { borrowObjectReader } from "./object-reader.js";
import { diffTrees } from "./tree-cache.js";
import { TREE_MODE, type TreeEntry } from "./tree-object.js";

const SYMLINK_MODE = "120000";
const GITLINK_MODE = "160000";

/** git's kinds of entry: a type change (T) is a change between two of these, a file's mode is not. */
function kind(mode: string): string {
  return mode === SYMLINK_MODE || mode === GITLINK_MODE ? mode : "file";
}

/**
 * The files that differ between two trees, as `git diff-tree -r --raw` (without rename
 * detection) lists them, read in-process from the raw trees: only folders that differ are
 * opened, so a change of one file in a folder of 10,000 costs a walk of that folder's tree in
 * memory instead of a git process that reads it twice.
 */
export async function treeChanges(cwd: string, from: string, to: string): Promise<ChangedPath[]> {
  const oidBytes = from.length / 2;
  const zero = "0".repeat(from.length);
  const reader = borrowObjectReader(cwd);
  const changes: ChangedPath[] = [];
  const added = (path: string, entry: TreeEntry): void => {
    changes.push({ status: "A", path, mode: entry.mode, blob: entry.oid });
  };
  const deleted = (path: string): void => {
    changes.push({ status: "D", path, mode: "000000", blob: zero });
  };
  /** Every file of one side of a folder that exists only there. */
  const whole = async (
    tree: string,
    prefix: string,
    note: (path: string, entry: TreeEntry) => void,
  ): Promise<void> => {
    await walk(tree, undefined, prefix, note);
  };
  const walk = async (
    before: string | undefined,
    after: string | undefined,
    prefix: string,
    only?: (path: string, entry: TreeEntry) => void,
  ): Promise<void> => {
    for (const [name, change] of await diffTrees(reader, before, after, oidBytes)) {
      const path = `${prefix}${name}`;
      const { before: s, after: r } = change;
      if (only) {
        const entry = r ?? s;
        if (!entry) continue;
        if (entry.mode === TREE_MODE) await whole(entry.oid, `${path}/`, only);
        else only(path, entry);
        continue;
      }
      const sTree = s?.mode === TREE_MODE;
      const rTree = r?.mode === TREE_MODE;
      if (s && r && sTree && rTree) {
        await walk(s.oid, r.oid, `${path}/`);
        continue;
      }
      if (s && sTree) await whole(s.oid, `${path}/`, deleted);
      if (r && rTree) await whole(r.oid, `${path}/`, added);
      const sFile = s && !sTree ? s : undefined;
      const rFile = r && !rTree ? r : undefined;
      if (sFile && rFile) {
        const status = kind(sFile.mode) === kind(rFile.mode) ? "M" : "T";
        changes.push({ status, path, mode: rFile.mode, blob: rFile.oid });
      } else if (sFile) deleted(path);
      else if (rFile) added(path, rFile);
    }
  };
  try {
    await walk(from, to, "");
  } finally {
    reader.close();
  }
  return changes;
}
