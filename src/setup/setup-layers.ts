import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { lockHolderAlive } from "./lock-owner.js";
import { type SetupMeta, setupCacheDir } from "./setup-cache.js";

/** A setup layer in a repository's cache. */
export interface SetupLayerEntry extends SetupMeta {
  /** Its cache folder. */
  dir: string;
  /** When a run last used it (or built it), in ms since the epoch. */
  lastUsed: number;
}

/** The setup layers kept for a repository, least recently used first. */
export async function listSetupLayers(gitDir: string): Promise<SetupLayerEntry[]> {
  const root = setupCacheDir(gitDir);
  const entries: SetupLayerEntry[] = [];
  for (const name of await readdir(root).catch(() => [] as string[])) {
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const dir = path.join(root, name);
    const text = await readFile(path.join(dir, "meta.json"), "utf8").catch(() => undefined);
    const info = await stat(dir).catch(() => undefined);
    if (!text || !info) continue;
    try {
      entries.push({ ...(JSON.parse(text) as SetupMeta), dir, lastUsed: info.mtimeMs });
    } catch {
      // A folder without a readable record is not a layer of ours.
    }
  }
  return entries.sort((a, b) => a.lastUsed - b.lastUsed);
}

async function building(lock: string): Promise<boolean> {
  const owner = await readFile(lock, "utf8").catch(() => undefined);
  return owner !== undefined && lockHolderAlive(owner.trim());
}

/** Removes a layer's image; false when the engine keeps it (a run's image or container uses it). */
async function removeImage(tag: string): Promise<boolean> {
  const { default: Dockerode } = await import("dockerode");
  try {
    await new Dockerode().getImage(tag).remove();
    return true;
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) return true;
    if (status === 409) return false;
    throw error;
  }
}

/**
 * Removes the setup layers no run has used for `unusedForMs` (folders, and docker layers'
 * images), except those named in `keep` (the keys of runs still going, whose sandboxes may
 * show them) and those being built. Half-made builds and stale locks go too. Returns what was
 * (with `dryRun`, would be) removed.
 */
export async function removeSetupLayers(
  gitDir: string,
  options: { unusedForMs: number; keep?: Iterable<string>; dryRun?: boolean },
): Promise<SetupLayerEntry[]> {
  const root = setupCacheDir(gitDir);
  const cutoff = Date.now() - options.unusedForMs;
  const keep = new Set(options.keep ?? []);
  const removed: SetupLayerEntry[] = [];
  for (const entry of await listSetupLayers(gitDir)) {
    if (entry.lastUsed > cutoff || keep.has(entry.key)) continue;
    if (await building(`${entry.dir}.lock`)) continue;
    if (!options.dryRun) {
      if (entry.driver === "docker" && !(await removeImage(entry.location))) continue;
      await rm(entry.dir, { recursive: true, force: true });
    }
    removed.push(entry);
  }
  if (options.dryRun) return removed;
  for (const name of await readdir(root).catch(() => [] as string[])) {
    const file = path.join(root, name);
    if (name.endsWith(".lock") && !(await building(file))) await rm(file, { force: true });
    // A lock's staging file, left by a process that died taking it.
    if (
      name.includes(".lock.") &&
      ((await stat(file).catch(() => undefined))?.mtimeMs ?? 0) < cutoff
    )
      await rm(file, { force: true });
    if (name.startsWith(".tmp-")) {
      // A build under way has its lock; a temporary folder without one was left by a crash.
      const key = name.slice(5, 21);
      const locks = (await readdir(root)).filter((n) => n.startsWith(key) && n.endsWith(".lock"));
      let live = false;
      for (const lock of locks) live ||= await building(path.join(root, lock));
      if (!live) await rm(file, { recursive: true, force: true });
    }
  }
  return removed;
}
