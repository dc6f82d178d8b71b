import { randomBytes } from "node:crypto";
import { copyFile, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { checkoutTree, runGit, treeOf } from "../git/index.js";

/** Where the sandbox's git finds the repository's objects (bound read-only there). */
export const SANDBOX_OBJECTS = "/.armada/objects";

/** A checkout of one tree, shared read-only by every sandbox of a run that starts from it. */
export interface BaseTree {
  tree: string;
  /** The files, plus a private `.git` whose objects are the repository's (alternates). */
  dir: string;
  /** The index of the checkout, with the files' stat data. */
  index: string;
  /** The `.gitignore` files of the tree, relative to `dir`. */
  gitignores(): Promise<string[]>;
}

function gitConfig(sha256: boolean): string {
  // Inside a namespace the files' owner and device differ from the checkout's: compare what
  // is left, so that `git status` in the sandbox trusts the index instead of re-reading files.
  return [
    "[core]",
    `\trepositoryformatversion = ${sha256 ? 1 : 0}`,
    "\tfilemode = true",
    "\tbare = false",
    "\tcheckStat = minimal",
    "\ttrustctime = false",
    ...(sha256 ? ["[extensions]", "\tobjectformat = sha256"] : []),
    "",
  ].join("\n");
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function materialise(
  gitDir: string,
  tree: string,
  commit: string,
  dir: string,
): Promise<void> {
  if (await exists(dir)) return;
  const tmp = path.join(path.dirname(dir), `.tmp-${tree}-${randomBytes(4).toString("hex")}`);
  const dotGit = path.join(tmp, ".git");
  try {
    for (const sub of ["objects/info", "refs/heads", "refs/tags", "info"])
      await mkdir(path.join(dotGit, sub), { recursive: true });
    await checkoutTree(gitDir, tree, tmp, path.join(dotGit, "index"));
    await writeFile(path.join(dotGit, "HEAD"), `${commit}\n`);
    await writeFile(path.join(dotGit, "config"), gitConfig(tree.length === 64));
    await writeFile(path.join(dotGit, "objects/info/alternates"), `${SANDBOX_OBJECTS}\n`);
    await copyFile(path.join(gitDir, "info/exclude"), path.join(dotGit, "info/exclude")).catch(
      () => undefined,
    );
    await rename(tmp, dir);
  } catch (error) {
    await rm(tmp, { recursive: true, force: true });
    // Another master of the run (a resume racing a dying one) finished it first.
    if (!(await exists(dir))) throw error;
  }
}

/**
 * The checkouts of a run's start trees under `$GIT_DIR/armada/runs/<run>/trees/<tree>`: each
 * is written once per run (tasks with dependencies start from other trees) and reused by every
 * sandbox that starts there. A checkout is renamed into place when complete, so one left by
 * a master that died is either whole or a `.tmp-` folder that `drop` removes.
 */
export function baseTrees(repo: { root: string; gitDir: string }) {
  const made = new Map<string, Promise<BaseTree>>();
  const trees = new Map<string, Promise<string>>();
  const treesDir = (runId: string): string =>
    path.join(repo.gitDir, "armada", "runs", runId, "trees");

  const make = async (runId: string, tree: string, commit: string): Promise<BaseTree> => {
    const dir = path.join(treesDir(runId), tree);
    await mkdir(path.dirname(dir), { recursive: true });
    await materialise(repo.gitDir, tree, commit, dir);
    const index = path.join(dir, ".git", "index");
    let gitignores: Promise<string[]> | undefined;
    return {
      tree,
      dir,
      index,
      gitignores() {
        gitignores ??= runGit(["ls-files", "-z", "--", ":(glob)**/.gitignore"], {
          cwd: dir,
          env: { GIT_DIR: repo.gitDir, GIT_WORK_TREE: dir, GIT_INDEX_FILE: index },
        }).then((out) => out.stdout.split("\0").filter(Boolean));
        return gitignores;
      },
    };
  };

  return {
    async get(runId: string, commit: string): Promise<BaseTree> {
      let treeOfCommit = trees.get(commit);
      if (!treeOfCommit) {
        treeOfCommit = treeOf(repo.root, commit);
        trees.set(commit, treeOfCommit);
        treeOfCommit.catch(() => trees.delete(commit));
      }
      const tree = await treeOfCommit;
      const key = `${runId}/${tree}`;
      let base = made.get(key);
      if (!base) {
        base = make(runId, tree, commit);
        made.set(key, base);
        base.catch(() => made.delete(key));
      }
      return base;
    },
    async drop(runId: string): Promise<void> {
      for (const key of made.keys()) if (key.startsWith(`${runId}/`)) made.delete(key);
      await rm(treesDir(runId), { recursive: true, force: true });
    },
  };
}
