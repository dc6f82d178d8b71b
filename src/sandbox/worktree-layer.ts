import { lstat, mkdir } from "node:fs/promises";
import path from "node:path";
import type { SetupLayer } from "../core/sandbox-port.js";
import { runGit } from "../git/index.js";
import type { LayerParts } from "./layer-from-upper.js";
import { makeParents, moveEntry } from "./move-entry.js";
import { runProcess } from "./run-process.js";

async function exists(file: string): Promise<boolean> {
  return lstat(file).then(
    () => true,
    () => false,
  );
}

/**
 * Copies a setup layer into a worktree, copy-on-write where the file system can (btrfs, xfs:
 * `--reflink=auto`), a full copy elsewhere: each sandbox then costs the layer's size. Hard
 * links would be cheaper and wrong: agents and tools rewrite files in place, which would change
 * the cache and every other sandbox. A path the worktree has (its start tracks it) is skipped:
 * the start's tracked files win.
 */
export async function copyLayer(layer: SetupLayer, root: string): Promise<void> {
  const byParent = new Map<string, string[]>();
  for (const file of layer.paths) {
    if (await exists(path.join(root, file))) continue;
    const parent = path.posix.dirname(file);
    byParent.set(parent, [...(byParent.get(parent) ?? []), path.join(layer.location, file)]);
  }
  for (const [parent, sources] of byParent) {
    const into = path.join(root, parent);
    await mkdir(into, { recursive: true });
    let said = "";
    const result = await runProcess(
      ["cp", "-a", "--reflink=auto", "--", ...sources, `${into}/`],
      root,
      { env: { PATH: "/usr/bin:/bin" }, onOutput: (chunk) => (said += chunk.toString()) },
    );
    if (result.exitCode !== 0) {
      throw new Error(`could not copy the setup layer into ${root}: ${said.trim()}`);
    }
  }
}

/**
 * What setup made in a worktree, moved into `dest`: the untracked files and folders git lists
 * (ignored ones included, each folder once, never walked), and the tracked files setup changed
 * or deleted, named as dropped.
 */
export async function layerFromWorktree(root: string, dest: string): Promise<LayerParts> {
  const list = async (args: string[]): Promise<string[]> =>
    (await runGit(args, { cwd: root })).stdout.split("\0").filter(Boolean);
  const others = await list(["ls-files", "-z", "--others", "--directory"]);
  const droppedTracked = await list(["diff", "--name-only", "--no-renames", "-z"]);
  await mkdir(dest, { recursive: true });
  const made = new Set<string>();
  const paths = others.map((entry) => entry.replace(/\/$/, "")).sort();
  for (const file of paths) {
    await makeParents(root, dest, file, made);
    await moveEntry(path.join(root, file), path.join(dest, file));
  }
  return { paths, droppedTracked: droppedTracked.sort() };
}
