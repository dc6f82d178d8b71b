import { ArmadaError } from "../core/errors.js";
import { borrowObjectReader, type ObjectReader } from "./object-reader.js";
import { objectStore } from "./object-store.js";
import { editRawTree, rawEntries } from "./raw-tree.js";
import { diffTrees, readRawTree, rememberRawTree } from "./tree-cache.js";
import { TREE_MODE, type TreeEntry, treeObject } from "./tree-object.js";

type Entry = TreeEntry | undefined;

function same(a: Entry, b: Entry): boolean {
  return a === b || (a !== undefined && b !== undefined && a.oid === b.oid && a.mode === b.mode);
}

async function treeOfCommit(reader: ObjectReader, commit: string): Promise<string> {
  const object = await reader.read(commit);
  const tree =
    object?.type === "commit" ? /^tree ([0-9a-f]+)\n/.exec(object.data.toString("latin1")) : null;
  if (!tree?.[1])
    throw new ArmadaError("git-failed", `commit ${commit} is missing from the repository`);
  return tree[1];
}

const CONFLICT = Symbol("conflict");

/**
 * The three-way merge of a task's change (start -> result) into the integration state, made by
 * editing trees in-process when git's merge would have nothing to decide: every path the change
 * touched is as it was at the start in the integration state (or already as the result has it).
 * Then the merge is the integration state with those paths set as the result has them, which
 * is what `git merge-tree` writes. Undefined when some path needs a real merge (both sides
 * changed it, a file became a folder, a rename met an edit): the caller asks git.
 * Its cost follows the folders the change touched, not the repository.
 */
export async function mergeByTreeEdit(
  cwd: string,
  integrationTree: string,
  start: string,
  result: string,
): Promise<string | undefined> {
  const algorithm = integrationTree.length === 64 ? "sha256" : "sha1";
  const oidBytes = integrationTree.length / 2;
  const reader = borrowObjectReader(cwd);
  const written: { data: Buffer; oid: string }[] = [];
  const raw = (oid: string | undefined): Promise<Buffer> =>
    oid === undefined ? Promise.resolve(Buffer.alloc(0)) : readRawTree(reader, oid);
  // The merged folder's oid, undefined when it ends up empty, CONFLICT when git must decide.
  const mergeFolder = async (
    startOid: string | undefined,
    resultOid: string | undefined,
    integrationOid: string | undefined,
  ): Promise<string | undefined | typeof CONFLICT> => {
    if (resultOid === startOid) return integrationOid;
    if (integrationOid === startOid || integrationOid === resultOid) return resultOid;
    const [changed, integrationRaw] = await Promise.all([
      diffTrees(reader, startOid, resultOid, oidBytes),
      raw(integrationOid),
    ]);
    const theirs = rawEntries(integrationRaw as Buffer, changed.keys(), oidBytes);
    const changes = new Map<string, TreeEntry | null>();
    for (const [name, { before: s, after: r }] of changed) {
      const i = theirs.get(name);
      if (same(i, r)) continue;
      if (same(i, s)) {
        changes.set(name, r ?? null);
        continue;
      }
      const folders = [s, r, i].every((e) => e === undefined || e.mode === TREE_MODE);
      if (!folders || i === undefined) return CONFLICT;
      const merged = await mergeFolder(s?.oid, r?.oid, i.oid);
      if (merged === CONFLICT) return CONFLICT;
      changes.set(name, merged === undefined ? null : { mode: TREE_MODE, name, oid: merged });
    }
    const data = editRawTree(integrationRaw, changes, oidBytes);
    if (data.length === 0) return undefined;
    const made = treeObject(data, algorithm);
    if (made.oid !== integrationOid) written.push(made);
    return made.oid;
  };
  let merged: string | undefined | typeof CONFLICT;
  try {
    const [startTree, resultTree] = await Promise.all([
      treeOfCommit(reader, start),
      treeOfCommit(reader, result),
    ]);
    merged = await mergeFolder(startTree, resultTree, integrationTree);
  } finally {
    reader.close();
  }
  if (merged === CONFLICT) return undefined;
  const store = objectStore(cwd);
  await Promise.all(written.map((tree) => store.write("tree", tree.data)));
  // The next merge edits this state.
  for (const tree of written) rememberRawTree(tree.oid, tree.data);
  return merged ?? (await store.write("tree", Buffer.alloc(0)));
}
