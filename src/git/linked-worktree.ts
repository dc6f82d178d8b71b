import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { git } from "./run-git.js";

/**
 * Creates a linked worktree at `root`, detached at `commit`, writing git's own worktree records
 * (gitrepository-layout: `worktrees/<id>/{gitdir,commondir,HEAD}` and a `.git` file) and moving
 * them into place in one rename. `git worktree add` run concurrently reads half-written records
 * of its siblings and fails; records that appear whole never do, and no lock serialises them.
 */
export async function addLinkedWorktree(
  gitDir: string,
  root: string,
  commit: string,
): Promise<void> {
  const id = `armada-${path.basename(root)}-${randomBytes(4).toString("hex")}`;
  const admin = path.join(gitDir, "worktrees", id);
  const staging = path.join(gitDir, "worktrees", `.${id}.tmp`);
  await mkdir(staging, { recursive: true });
  await mkdir(root, { recursive: true });
  await writeFile(path.join(staging, "gitdir"), `${path.join(root, ".git")}\n`);
  await writeFile(path.join(staging, "commondir"), "../..\n");
  await writeFile(path.join(staging, "HEAD"), `${commit}\n`);
  await rename(staging, admin);
  await writeFile(path.join(root, ".git"), `gitdir: ${admin}\n`);
  await git(["reset", "--quiet", "--hard"], { cwd: root });
}

/** Removes a linked worktree and its records (those of a half-made one go with `git worktree prune`). */
export async function removeLinkedWorktree(root: string): Promise<void> {
  const pointer = await readFile(path.join(root, ".git"), "utf8").catch(() => "");
  const admin = /^gitdir: (.+)$/m.exec(pointer)?.[1];
  await rm(root, { recursive: true, force: true });
  if (admin && path.basename(path.dirname(admin)) === "worktrees")
    await rm(admin, { recursive: true, force: true });
}
