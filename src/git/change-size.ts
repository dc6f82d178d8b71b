import { runGit } from "./run-git.js";

/** Lines added plus lines deleted between two commits; a binary file counts as one line. */
export async function changeSize(cwd: string, from: string, to: string): Promise<number> {
  const { stdout } = await runGit(["diff", "--numstat", "-z", "--no-renames", from, to], { cwd });
  let lines = 0;
  for (const record of stdout.split("\0")) {
    const [added, deleted] = record.split("\t");
    if (added === undefined || deleted === undefined) continue;
    lines += added === "-" ? 1 : Number(added) + Number(deleted);
  }
  return lines;
}
