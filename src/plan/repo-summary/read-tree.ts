import { runGit } from "../../git/index.js";

export interface TreeFile {
  path: string;
  blob: string;
  size: number;
}

/** Every file of a commit with its blob and size: ignored files are not in a snapshot. */
export async function readTree(root: string, commit: string): Promise<TreeFile[]> {
  const out = (await runGit(["ls-tree", "-r", "-l", "-z", commit], { cwd: root })).stdout;
  const files: TreeFile[] = [];
  for (const record of out.split("\0")) {
    // "<mode> <type> <blob> <size>\t<path>"; submodules (type commit) have no content here.
    const tab = record.indexOf("\t");
    if (tab < 0) continue;
    const [mode, type, blob, size] = record.slice(0, tab).split(/\s+/);
    if (type !== "blob" || !blob || mode === "120000") continue;
    files.push({ path: record.slice(tab + 1), blob, size: Number(size) });
  }
  return files;
}
