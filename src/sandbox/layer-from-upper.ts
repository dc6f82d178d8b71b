import { readdir } from "node:fs/promises";
import path from "node:path";
import { makeLike, makeParents, moveEntry } from "./move-entry.js";
import type { TrackedPaths } from "./tracked-paths.js";

/** What a setup sandbox's change becomes: the layer's top-most paths, and what was dropped. */
export interface LayerParts {
  paths: string[];
  droppedTracked: string[];
}

/**
 * Moves what setup made out of an overlay upper folder (an overlay sandbox's, or a container's
 * overlay2 layer) into `dest`: every path the start tree does not track, moved whole at its
 * top-most folder (a `node_modules` absent from the tree is renamed, never walked). Only the
 * folders that hold tracked files are read. Tracked files setup changed, and whiteouts of those
 * it deleted, stay behind and are named in `droppedTracked`. The sandbox must be stopped.
 */
export async function layerFromUpper(
  upper: string,
  tracked: TrackedPaths,
  dest: string,
): Promise<LayerParts> {
  const parts: LayerParts = { paths: [], droppedTracked: [] };
  const made = new Set<string>();
  await makeLike(upper, dest, "", made);
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(upper, rel), { withFileTypes: true }).catch(
      (error: NodeJS.ErrnoException) => {
        // A container's upper layer has no codebase folder until something in it changes.
        if (rel === "" && error.code === "ENOENT") return [];
        throw error;
      },
    );
    for (const entry of entries) {
      const file = rel ? `${rel}/${entry.name}` : entry.name;
      // The sandbox's own .git (its HEAD, what setup's tools wrote there) is not the codebase.
      if (file === ".git") continue;
      if (tracked.dirs.has(file)) {
        if (entry.isDirectory()) await walk(file);
        else parts.droppedTracked.push(file);
      } else if (tracked.files.has(file)) {
        parts.droppedTracked.push(file);
      } else if (!entry.isCharacterDevice()) {
        await makeParents(upper, dest, file, made);
        await moveEntry(path.join(upper, file), path.join(dest, file));
        parts.paths.push(file);
      }
    }
  };
  await walk("");
  parts.paths.sort();
  parts.droppedTracked.sort();
  return parts;
}
