import type { CombineOutcome, MergeInput } from "../core/assembler-port.js";
import { commitTree, isAncestor, mergeCommits, treeOf } from "../git/index.js";

export function integrationBranch(runId: string): string {
  return `refs/heads/armada/${runId}`;
}

/**
 * Merges one task's result into the integration state, three-way by hunks (git merge-tree,
 * no working tree touched). A result built on the integration state is taken as is (its commit
 * carries the task's trailers); otherwise a merge commit with the trailers records it.
 */
export async function mergeResult(cwd: string, input: MergeInput): Promise<CombineOutcome> {
  if (
    input.result === input.integration ||
    (await isAncestor(cwd, input.result, input.integration))
  ) {
    return { commit: input.integration };
  }
  // A result built on the current integration state already is the merge.
  if (await isAncestor(cwd, input.integration, input.result)) return { commit: input.result };
  const merged = await mergeCommits(cwd, input.integration, input.result);
  if (merged.conflicts.length > 0) return { conflicts: merged.conflicts };
  if (merged.tree === (await treeOf(cwd, input.integration))) return { commit: input.integration };
  const message = `armada: merge ${input.title}\n\nArmada-Run: ${input.runId}\nArmada-Task: ${input.taskId}\n`;
  return { commit: await commitTree(cwd, merged.tree, [input.integration, input.result], message) };
}

/** The start of a task with dependencies: their results merged (octopus-style, pairwise). */
export async function combineResults(
  cwd: string,
  base: string,
  results: string[],
): Promise<CombineOutcome> {
  const unique = [...new Set(results)];
  let current = unique[0] ?? base;
  for (const next of unique.slice(1)) {
    const merged = await mergeResult(cwd, {
      runId: "",
      integration: current,
      taskId: "",
      title: "dependencies",
      result: next,
    });
    if ("conflicts" in merged) return merged;
    current = merged.commit;
  }
  return { commit: current };
}
