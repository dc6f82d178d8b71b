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
export async function mergeResult(
  cwd: string,
  input: MergeInput,
  trees: Map<string, string> = new Map(),
): Promise<CombineOutcome> {
  if (input.start !== undefined) {
    // The common cases need no ancestry walk: no change, or a result built on this very state.
    if (input.result === input.start) return { commit: input.integration };
    if (input.start === input.integration) return { commit: input.result };
  } else {
    if (
      input.result === input.integration ||
      (await isAncestor(cwd, input.result, input.integration))
    ) {
      return { commit: input.integration };
    }
    if (await isAncestor(cwd, input.integration, input.result)) return { commit: input.result };
  }
  const merged = await mergeCommits(cwd, input.integration, input.result);
  if (merged.conflicts.length > 0) return { conflicts: merged.conflicts };
  let integrationTree = trees.get(input.integration);
  if (integrationTree === undefined) integrationTree = await treeOf(cwd, input.integration);
  if (merged.tree === integrationTree) return { commit: input.integration };
  const message = `armada: merge ${input.title}\n\nArmada-Run: ${input.runId}\nArmada-Task: ${input.taskId}\n`;
  const commit = await commitTree(cwd, merged.tree, [input.integration, input.result], message);
  trees.set(commit, merged.tree);
  return { commit };
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
