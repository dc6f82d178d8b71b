import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import path from "node:path";
import { pidAlive } from "../core/liveness.js";
import { openRepo, type Repo, runGit } from "../git/index.js";
import type { CodeRef } from "./attempt-job.js";
import { readBundle } from "./bundle.js";
import type { CodeStore } from "./code-store.js";

export interface WorkerCache {
  /** The folder this worker owns (its slot). */
  dir: string;
  /** The repository holding every commit the worker was sent; sandboxes start from it. */
  repo: Repo;
  /** Fetches the commits an attempt needs that the cache lacks, each once. */
  ensure(code: CodeRef[], store: CodeStore): Promise<void>;
  /** Commits fetched since the worker started, and the bytes their bundles took. */
  fetched(): { commits: number; bytes: number };
  release(): void;
}

/**
 * Takes the first slot folder under `base` that no live worker holds (`1`, `2`, ...), so that
 * several workers on one machine keep separate caches and sandboxes without configuration.
 */
function claimSlot(base: string): { dir: string; slot: number; release: () => void } {
  for (let slot = 1; ; slot++) {
    const dir = path.join(base, String(slot));
    mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, "worker.pid");
    try {
      const fd = openSync(lock, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { dir, slot, release: () => rmSync(lock, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(readFileSync(lock, "utf8"));
      if (Number.isInteger(holder) && holder > 0 && pidAlive(holder)) continue;
      rmSync(lock, { force: true });
      slot--;
    }
  }
}

async function hasCommit(root: string, commit: string): Promise<boolean> {
  const result = await runGit(["cat-file", "-e", `${commit}^{commit}`], {
    cwd: root,
    okCodes: [1, 128],
  });
  return result.code === 0;
}

/** Opens (creating it the first time) the worker's cache under `base`. */
export async function openWorkerCache(base: string): Promise<WorkerCache & { slot: number }> {
  const { dir, slot, release } = claimSlot(base);
  const root = path.join(dir, "repo");
  mkdirSync(root, { recursive: true });
  await runGit(["init", "-q"], { cwd: root });
  const repo = await openRepo(root);
  const known = new Map<string, Promise<void>>();
  let commits = 0;
  let bytes = 0;

  const fetchOne = async (ref: CodeRef, store: CodeStore): Promise<void> => {
    if (await hasCommit(root, ref.commit)) return;
    const bundle = await store.get(ref.commit);
    if (!bundle) {
      throw new Error(
        `the code store (${store.where}) has no bundle for commit ${ref.commit.slice(0, 12)}`,
      );
    }
    await readBundle(root, bundle);
    // A ref keeps the commit from git's garbage collection for as long as the cache lives.
    await runGit(["update-ref", `refs/armada/cache/${ref.commit}`, ref.commit], { cwd: root });
    commits++;
    bytes += bundle.length;
  };

  return {
    dir,
    slot,
    repo,
    async ensure(code, store) {
      for (const ref of code) {
        let fetching = known.get(ref.commit);
        if (!fetching) {
          fetching = fetchOne(ref, store);
          known.set(ref.commit, fetching);
          // A failed fetch (the store was unreachable) is tried again by the next attempt.
          fetching.catch(() => known.delete(ref.commit));
        }
        await fetching;
      }
    },
    fetched: () => ({ commits, bytes }),
    release,
  };
}
