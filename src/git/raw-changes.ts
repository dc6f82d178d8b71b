import { git, runGit } from "./run-git.js";

export interface RawChange {
  status: string;
  oldMode: string;
  newMode: string;
  newBlob: string;
  path: string;
}

/** Every changed entry between two commits with its modes (no rename detection). */
export async function rawChanges(cwd: string, from: string, to: string): Promise<RawChange[]> {
  const out = (await runGit(["diff-tree", "-r", "-z", "--raw", "--no-renames", from, to], { cwd }))
    .stdout;
  const fields = out.split("\0");
  const changes: RawChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const meta = fields[i] ?? "";
    const [oldMode = "", newMode = "", , newBlob = "", status = ""] = meta
      .replace(/^:/, "")
      .split(" ");
    changes.push({ status, oldMode, newMode, newBlob, path: fields[i + 1] ?? "" });
  }
  return changes;
}

export async function readBlob(cwd: string, blob: string): Promise<string> {
  return git(["cat-file", "blob", blob], { cwd });
}
