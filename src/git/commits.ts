import { objectStore } from "./object-store.js";
import { ARMADA_IDENTITY, git, runGit } from "./run-git.js";

const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** Git's `<seconds> <+hhmm>` for now, in this machine's time zone. */
function gitDate(now: Date): string {
  const offset = -now.getTimezoneOffset();
  const abs = Math.abs(offset);
  const zone = `${offset < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
  return `${Math.floor(now.getTime() / 1000)} ${zone}`;
}

/**
 * A commit of `tree` on `parents` by armada's own identity, written as `git commit-tree` would
 * (message verbatim, never signed: these commits are armada's bookkeeping), without a process.
 */
export async function commitTree(
  cwd: string,
  tree: string,
  parents: string[],
  message: string,
): Promise<string> {
  // Written as is, a name git would have resolved (a branch, HEAD) would make a broken commit.
  const notOid = [tree, ...parents].find((name) => !OID.test(name));
  if (notOid !== undefined) throw new Error(`commitTree takes object ids, not "${notOid}"`);
  const who = `${ARMADA_IDENTITY} ${gitDate(new Date())}`;
  const text = `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join("")}author ${who}\ncommitter ${who}\n\n${message}`;
  return objectStore(cwd).write("commit", Buffer.from(text));
}

export async function treeOf(cwd: string, commit: string): Promise<string> {
  return git(["rev-parse", `${commit}^{tree}`], { cwd });
}

export async function updateRef(cwd: string, ref: string, commit: string): Promise<void> {
  await git(["update-ref", ref, commit], { cwd });
}

export async function deleteRef(cwd: string, ref: string): Promise<void> {
  await runGit(["update-ref", "-d", ref], { cwd, okCodes: [1] });
}

export interface ChangedPath {
  /** A (added), M, D, T (type change), R (renamed), C (copied). */
  status: string;
  path: string;
  /** For renames and copies, the path before. */
  from?: string;
  /** The new mode: 100644, 100755, 120000 (symlink), 160000 (gitlink); 000000 when deleted. */
  mode: string;
  /** The new blob id. */
  blob: string;
}

/** Entries that differ between two trees or commits, renames detected, with their modes. */
export async function changedPaths(cwd: string, from: string, to: string): Promise<ChangedPath[]> {
  const out = (await runGit(["diff-tree", "-r", "-z", "--raw", "-M", from, to], { cwd })).stdout;
  return parseRawDiff(out);
}

/**
 * A commit's parents and, when it has one parent, what it changes against it: one git process
 * for what checking a result from elsewhere needs.
 */
export async function commitChanges(
  cwd: string,
  commit: string,
): Promise<{ parents: string[]; changes: ChangedPath[] }> {
  const out = (
    await runGit(["diff-tree", "-r", "-z", "--raw", "-M", "--format=%P", commit], { cwd })
  ).stdout;
  const end = out.indexOf("\0");
  const parents = (end < 0 ? out : out.slice(0, end)).trim().split(" ").filter(Boolean);
  return { parents, changes: end < 0 ? [] : parseRawDiff(out.slice(end + 1)) };
}

/**
 * What changed between two commits, renames detected, and its size: lines added plus lines
 * deleted, a binary file counting as one line, a file only renamed as none. One git process.
 */
export async function changeWithSize(
  cwd: string,
  from: string,
  to: string,
): Promise<{ changes: ChangedPath[]; size: number }> {
  const out = (
    await runGit(["diff-tree", "-r", "-z", "--raw", "--numstat", "-M", from, to], { cwd })
  ).stdout;
  const changes: ChangedPath[] = [];
  let size = 0;
  const fields = out.split("\0");
  for (let i = 0; i < fields.length; ) {
    const field = fields[i++] ?? "";
    if (field.startsWith(":")) {
      i = parseRawEntry(field, fields, i, changes);
      continue;
    }
    const [added, deleted, file] = field.split("\t");
    if (added === undefined || deleted === undefined) continue;
    // A rename's numstat names no path here: its two paths follow.
    if (file === "") i += 2;
    size += added === "-" ? 1 : Number(added) + Number(deleted);
  }
  return { changes, size };
}

/** Reads one raw diff entry whose metadata is `meta`; returns where the next one starts. */
function parseRawEntry(meta: string, fields: string[], at: number, into: ChangedPath[]): number {
  const [, mode = "", , blob = "", code = ""] = meta.replace(/^:/, "").split(" ");
  const status = code[0] ?? "M";
  if (status === "R" || status === "C") {
    into.push({ status, path: fields[at + 1] ?? "", from: fields[at] ?? "", mode, blob });
    return at + 2;
  }
  into.push({ status, path: fields[at] ?? "", mode, blob });
  return at + 1;
}

function parseRawDiff(out: string): ChangedPath[] {
  const fields = out.split("\0");
  const result: ChangedPath[] = [];
  for (let i = 0; i < fields.length; ) {
    const meta = fields[i++]?.trim();
    if (meta) i = parseRawEntry(meta, fields, i, result);
  }
  return result;
}

export async function readBlob(cwd: string, blob: string): Promise<string> {
  return git(["cat-file", "blob", blob], { cwd });
}

/** Every path a change touches, both sides of renames included. */
export function touchedPaths(changes: ChangedPath[]): string[] {
  return [...new Set(changes.flatMap((c) => (c.from ? [c.from, c.path] : [c.path])))];
}

export interface MergeOutcome {
  tree: string;
  conflicts: string[];
}

/** A three-way merge of two commits computed without a working tree (git merge-tree --write-tree). */
export async function mergeCommits(
  cwd: string,
  ours: string,
  theirs: string,
): Promise<MergeOutcome> {
  const result = await runGit(
    ["merge-tree", "--write-tree", "-z", "--name-only", "--no-messages", ours, theirs],
    { cwd, okCodes: [1] },
  );
  const [tree = "", ...paths] = result.stdout.split("\0");
  return { tree, conflicts: [...new Set(paths.filter(Boolean))] };
}

export async function listFiles(cwd: string, commit: string): Promise<string[]> {
  const out = (await runGit(["ls-tree", "-r", "-z", "--name-only", commit], { cwd })).stdout;
  return out.split("\0").filter(Boolean);
}

export async function isAncestor(
  cwd: string,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const result = await runGit(["merge-base", "--is-ancestor", ancestor, descendant], {
    cwd,
    okCodes: [1],
  });
  return result.code === 0;
}
