import { randomBytes } from "node:crypto";
import {
  link,
  mkdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  utimes,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import type { SetupBuild, SetupLayer, SetupSpec } from "../core/sandbox-port.js";
import { lockHolderAlive, lockOwner } from "./lock-owner.js";
import { SetupFailedError } from "./setup-failed-error.js";

/** Where a repository's setup layers are kept, one folder per key. */
export function setupCacheDir(gitDir: string): string {
  return path.join(gitDir, "armada", "setup");
}

/** What a cache entry records (its `meta.json`), beside the layer folder of folder drivers. */
export interface SetupMeta extends SetupLayer {
  commands: string[];
  droppedTracked: string[];
  createdAt: number;
  buildMs: number;
}

/** What a driver's build made: for folder drivers the layer is `<dir>/layer`, for docker an image. */
export interface BuiltLayer {
  image?: string | undefined;
  paths: string[];
  droppedTracked: string[];
}

const LOCK_POLL_MS = 200;

/** Builds under way in this process, by cache folder: a second caller waits for the first. */
const building = new Map<string, Promise<SetupBuild>>();

async function readMeta(dir: string): Promise<SetupMeta | undefined> {
  const text = await readFile(path.join(dir, "meta.json"), "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as SetupMeta;
  } catch {
    return undefined;
  }
}

/** Takes the key's lock file, waiting while a live process (this machine's) holds it. */
async function takeLock(file: string, spec: SetupSpec): Promise<() => Promise<void>> {
  for (;;) {
    const mine = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(mine, `${lockOwner(process.pid)}\n`);
    try {
      // A hard link appears whole, content included, or not at all.
      await link(mine, file);
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      await rm(mine, { force: true });
    }
    const holder = await readFile(file, "utf8").catch(() => undefined);
    if (holder !== undefined && !lockHolderAlive(holder.trim())) {
      // Its builder died: the lock is stale. Two waiters removing it at once both build,
      // which costs time, not correctness: the first complete folder is kept.
      await unlink(file).catch(() => undefined);
      continue;
    }
    if (spec.signal?.aborted) {
      throw new SetupFailedError(
        spec.commands.join(" && "),
        { failure: "cancelled", exitCode: null },
        "",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
  }
}

function buildOf(meta: SetupMeta, cached: boolean, started: number): SetupBuild {
  return {
    layer: { key: meta.key, driver: meta.driver, location: meta.location, paths: meta.paths },
    cached,
    droppedTracked: meta.droppedTracked,
    durationMs: performance.now() - started,
  };
}

/**
 * The cache around a driver's layer build: `<gitDir>/armada/setup/<key>/` holds `meta.json`
 * and, for folder drivers, `layer/`. A key found whole (and, for an image, `present`) returns
 * at once; otherwise one builder (an in-process promise, and a lock file across processes)
 * runs `build` into a temporary folder renamed into place when complete, so a build that
 * fails or dies leaves nothing behind. Each use marks the folder's time for `gc`.
 */
export function cachedSetupLayer(options: {
  gitDir: string;
  driver: string;
  spec: SetupSpec;
  build: (dir: string) => Promise<BuiltLayer>;
  present?: (meta: SetupMeta) => Promise<boolean>;
}): Promise<SetupBuild> {
  const { gitDir, driver, spec } = options;
  const started = performance.now();
  const root = setupCacheDir(gitDir);
  const dir = path.join(root, spec.key);
  const under = building.get(dir);
  if (under) return under.then((build) => ({ ...build, cached: true }));

  const usable = async (): Promise<SetupMeta | undefined> => {
    const meta = await readMeta(dir);
    if (!meta || meta.key !== spec.key || meta.driver !== driver) return undefined;
    const ok = options.present
      ? await options.present(meta)
      : await stat(path.join(dir, "layer")).then(
          (info) => info.isDirectory(),
          () => false,
        );
    if (!ok) return undefined;
    const now = new Date();
    await utimes(dir, now, now).catch(() => undefined);
    return meta;
  };

  const run = async (): Promise<SetupBuild> => {
    const found = await usable();
    if (found) return buildOf(found, true, started);
    await mkdir(root, { recursive: true });
    const release = await takeLock(`${dir}.lock`, spec);
    try {
      const again = await usable();
      if (again) return buildOf(again, true, started);
      const tmp = path.join(
        root,
        `.tmp-${spec.key.slice(0, 16)}-${randomBytes(4).toString("hex")}`,
      );
      await mkdir(tmp);
      try {
        const built = await options.build(tmp);
        if (!built.image) await mkdir(path.join(tmp, "layer"), { recursive: true });
        const meta: SetupMeta = {
          key: spec.key,
          driver,
          location: built.image ?? path.join(dir, "layer"),
          paths: built.paths,
          commands: spec.commands,
          droppedTracked: built.droppedTracked,
          createdAt: Date.now(),
          buildMs: Math.round(performance.now() - started),
        };
        await writeFile(path.join(tmp, "meta.json"), `${JSON.stringify(meta, null, 2)}\n`);
        // An entry whose layer is gone (an image removed by hand) is replaced.
        await rm(dir, { recursive: true, force: true });
        try {
          await rename(tmp, dir);
        } catch (error) {
          // A builder that took a stale lock at the same moment finished first: use its layer.
          const theirs = await usable();
          if (theirs) return buildOf(theirs, true, started);
          throw error;
        }
        return buildOf(meta, false, started);
      } finally {
        await rm(tmp, { recursive: true, force: true });
      }
    } finally {
      await release();
    }
  };

  const promise = run();
  building.set(dir, promise);
  const forget = (): void => {
    building.delete(dir);
  };
  promise.then(forget, forget);
  return promise;
}
