import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
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
 * the start's tracked files win, and so does a copy kept from the worktree's last attempt.
 * Returns the layer's paths that are copies (made now, or kept).
 */
export async function copyLayer(layer: SetupLayer, root: string): Promise<string[]> {
  const byParent = new Map<string, string[]>();
  const copies: string[] = [];
  for (const file of layer.paths) {
    if (await exists(path.join(root, file))) {
      if (!(await tracked(root, file))) copies.push(file);
      continue;
    }
    copies.push(file);
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
  return copies;
}

/** Whether the worktree's HEAD tracks `file` (or something below it). */
async function tracked(root: string, file: string): Promise<boolean> {
  const out = await runGit(["ls-tree", "-z", "--name-only", "HEAD", "--", file], { cwd: root });
  return out.stdout.length > 0;
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

/**
 * A fingerprint of each layer path's copy in a worktree: the inode, change time, kind and name
 * of every entry below it, read by one `find`. Any write, truncation, chmod, chown, rename,
 * link, creation or removal below a path changes its change times (a file's, or its folder's),
 * which a process cannot set back; so an unchanged fingerprint means an untouched copy.
 */
export async function layerPrints(root: string, paths: string[]): Promise<Map<string, string>> {
  const prints = new Map<string, string>();
  if (paths.length === 0) return prints;
  const out = await new Promise<Buffer>((resolve, reject) => {
    const find = spawn("find", [...paths, "-printf", "%H\t%i %C@ %y %P\\0"], {
      cwd: root,
      stdio: ["ignore", "pipe", "ignore"],
    });
    const chunks: Buffer[] = [];
    find.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    find.on("error", reject);
    // A path that is gone makes find exit 1: it simply has no fingerprint.
    find.on("close", () => resolve(Buffer.concat(chunks)));
  });
  const hashes = new Map<string, ReturnType<typeof createHash>>();
  for (const record of out.toString("utf8").split("\0")) {
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const start = record.slice(0, tab);
    let hash = hashes.get(start);
    if (!hash) {
      hash = createHash("sha256");
      hashes.set(start, hash);
    }
    hash.update(record.slice(tab + 1)).update("\0");
  }
  for (const [start, hash] of hashes) prints.set(start, hash.digest("hex"));
  return prints;
}

/** A path as an anchored pattern of git's ignore rules (`git clean -e`), matching only itself. */
export function anchoredPattern(file: string): string {
  return `/${file.replace(/[\\*?[\]!#]/g, (c) => `\\${c}`).replace(/ $/, "\\ ")}`;
}
