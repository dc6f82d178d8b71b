import { runGit } from "./run-git.js";

/** Deletes every ref under a prefix (e.g. `refs/armada/<run>/`); returns how many. */
export async function deleteRefsUnder(cwd: string, prefix: string): Promise<number> {
  const refs = (await runGit(["for-each-ref", "--format=%(refname)", prefix], { cwd })).stdout
    .split("\n")
    .filter(Boolean);
  if (refs.length === 0) return 0;
  await runGit(["update-ref", "--stdin"], {
    cwd,
    input: refs.map((r) => `delete ${r}\n`).join(""),
  });
  return refs.length;
}
