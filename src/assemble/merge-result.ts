import type { CombineOutcome, MergeInput } from "../core/assembler-port.js";
import {
  commitTree,
  isAncestor,
  type MergeOutcome,
  mergeByTreeEdit,
  mergeCommits,
  treeOf,
} from "../git/index.js";

export function integrationBranch(runId: string): string {
  return `refs/heads/armada/${runId}`;
}

/**
 * Merges one task's result into the integration state, three-way: by editing trees when no path
 * needs a decision, by hunks otherwise (git merge-tree); no working tree touched. A result built on the integration state is taken as is (its commit
 * carries the task's trailers); otherwise a merge commit with the trailers records it.
 */
export async function mergeResult(
  cwd: string,
  input: MergeInput,
  trees: Map<string, string> = new Map(),
): Promise<CombineOutcome> {
  if (input.start !== undefined) {
    // The common cases need no merge at all: no change, or a result built on this very state.
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
  const integrationTree = await cachedTree(cwd, input.integration, trees);
  // Most results touch paths nobody else did since they started: no merge to decide.
  const edited =
    input.start === undefined
      ? undefined
      : await mergeByTreeEdit(cwd, integrationTree, input.start, input.result);
  const merged = edited
    ? { tree: edited, conflicts: [] }
    : await mergeOnto(cwd, input.integration, integrationTree, input.result, input.start);
  if (merged.conflicts.length > 0) return { conflicts: merged.conflicts };
  if (merged.tree === integrationTree) return { commit: input.integration };
  const message = `armada: merge ${input.title}\n\nArmada-Run: ${input.runId}\nArmada-Task: ${input.taskId}\n`;
  const commit = await commitTree(cwd, merged.tree, [input.integration, input.result], message);
  trees.set(commit, merged.tree);
  return { commit };
}

async function cachedTree(
  cwd: string,
  commit: string,
  trees: Map<string, string>,
): Promise<string> {
  let tree = trees.get(commit);
  if (tree === undefined) {
    tree = await treeOf(cwd, commit);
    trees.set(commit, tree);
  }
  return tree;
}

/**
 * The three-way merge of a result into the integration state, with the result's start as the
 * merge base when it is known. git merge-tree (2.39) finds its merge base by walking history,
 * which grows with every merged task; a stand-in for the integration state whose parent is the
 * start makes that start the base at once: a cherry-pick of the task's change, renames included.
 */
export async function mergeOnto(
  cwd: string,
  integration: string,
  integrationTree: string,
  result: string,
  start: string | undefined,
): Promise<MergeOutcome> {
  const ours =
    start === undefined
      ? integration
      : await commitTree(cwd, integrationTree, [start], "armada: integration state\n");
  return mergeCommits(cwd, ours, result);
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
