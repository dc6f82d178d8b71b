import { runGit } from "./run-git.js";

/**
 * Which of these paths git ignores, judged by the `.gitignore` files of `workTree` and the
 * repository's own excludes (info/exclude, core.excludesFile), as `git add -A` would.
 */
export async function ignoredPaths(
  gitDir: string,
  workTree: string,
  paths: string[],
): Promise<Set<string>> {
  if (paths.length === 0) return new Set();
  const result = await runGit(["check-ignore", "--no-index", "--stdin", "-z"], {
    cwd: workTree,
    env: { GIT_DIR: gitDir, GIT_WORK_TREE: workTree },
    input: `${paths.join("\0")}\0`,
    okCodes: [1],
  });
  return new Set(result.stdout.split("\0").filter(Boolean));
}
