import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ArmadaError } from "../core/errors.js";
import { editTree, hashFiles, ignoredPaths, type TreeEdit } from "../git/index.js";
import type { BaseTree } from "./base-trees.js";

export interface ChangedFile {
  /** Where to read the file's content (or, for a symlink, its target) on this machine. */
  source: string;
  symlink: boolean;
  executable: boolean;
  /** The start tree has nothing at this path, so an ignore rule may leave it out. */
  fresh: boolean;
}

/** What an agent did to the codebase, by repository path. */
export interface WorkChanges {
  files: Map<string, ChangedFile>;
  /** Files and folders that are gone (a folder written again lists its new files too). */
  deleted: Set<string>;
  /**
   * Git repositories made inside the codebase, with the commit each has checked out (none:
   * undefined), which `git add -A` records as submodule entries.
   */
  nested: Map<string, string | undefined>;
}

/** The nested repository holding `file`, if any: its files are not the codebase's. */
export function nestedRoot(file: string): string | undefined {
  const parts = file.split("/");
  const at = parts.indexOf(".git");
  return at > 0 ? parts.slice(0, at).join("/") : undefined;
}

function removedBy(file: string, deleted: Set<string>): boolean {
  for (let at = file; at !== "."; at = path.posix.dirname(at)) if (deleted.has(at)) return true;
  return false;
}

/**
 * The `.gitignore` files the sandbox ends with, laid out in a scratch folder so that
 * `git check-ignore` judges new paths as `git add -A` inside the sandbox would.
 */
async function ignoreWorkTree(base: BaseTree, changes: WorkChanges): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "armada-ignore-"));
  const place = async (file: string, source: string): Promise<void> => {
    await mkdir(path.join(dir, path.dirname(file)), { recursive: true });
    await copyFile(source, path.join(dir, file));
  };
  for (const file of await base.gitignores()) {
    if (changes.files.has(file) || removedBy(file, changes.deleted)) continue;
    await place(file, path.join(base.dir, file));
  }
  for (const [file, change] of changes.files) {
    if (path.posix.basename(file) === ".gitignore" && !change.symlink)
      await place(file, change.source);
  }
  return dir;
}

/**
 * Writes the state an agent left as a tree: the start tree with the changed files stored as
 * blobs (new files that the `.gitignore` rules exclude left out) and the deleted ones removed.
 * Reads only what changed.
 */
export async function treeFromChanges(
  repo: { root: string; gitDir: string },
  base: BaseTree,
  changes: WorkChanges,
): Promise<string> {
  if (changes.files.size === 0 && changes.deleted.size === 0 && changes.nested.size === 0)
    return base.tree;
  // A nested repository is judged as a folder, as `git add -A` does.
  const fresh = [
    ...[...changes.files].filter(([, c]) => c.fresh).map(([file]) => file),
    ...[...changes.nested.keys()].map((dir) => `${dir}/`),
  ];
  let ignored = new Set<string>();
  if (fresh.length > 0) {
    const workTree = await ignoreWorkTree(base, changes);
    try {
      ignored = await ignoredPaths(repo.gitDir, workTree, fresh);
    } finally {
      await rm(workTree, { recursive: true, force: true });
    }
  }
  const kept = [...changes.files].filter(([file]) => !ignored.has(file));
  const oids = await hashFiles(
    repo.gitDir,
    base.dir,
    base.index,
    kept.map(([file, c]) => ({ path: file, source: c.source, symlink: c.symlink })),
  );
  const edits = new Map<string, TreeEdit>();
  for (const file of changes.deleted) edits.set(file, null);
  for (const [dir, commit] of changes.nested) {
    if (ignored.has(`${dir}/`)) continue;
    if (!commit) {
      throw new ArmadaError(
        "nested-repository",
        `'${dir}/' is a git repository without a commit checked out, which git cannot add (as \`git add -A\` says)`,
      );
    }
    edits.set(dir, { mode: "160000", oid: commit });
  }
  for (const [file, change] of kept) {
    const oid = oids.get(file);
    if (!oid) continue;
    const mode = change.symlink ? "120000" : change.executable ? "100755" : "100644";
    edits.set(file, { mode, oid });
  }
  return editTree(repo.root, base.tree, edits);
}
