import type { Assembler } from "../core/assembler-port.js";
import type { SandboxDriver } from "../core/sandbox-port.js";
import { listFiles, type Repo, updateRef } from "../git/index.js";
import { scopeMatcher } from "../plan/index.js";
import { combineResults, integrationBranch, mergeResult } from "./merge-result.js";
import { runChecks } from "./run-checks.js";
import { syncWorkingTree } from "./sync-working-tree.js";

export function resultRef(runId: string, taskId: string): string {
  return `refs/armada/${runId}/${taskId}`;
}

/** Assembly on the repository itself: results as refs, merges with git merge-tree. */
export function gitAssembler(
  repo: Repo,
  checksDriver: () => SandboxDriver,
  runDir: (runId: string) => string,
): Assembler {
  const files = new Map<string, Promise<string[]>>();
  return {
    startCommit: (base, depResults) => combineResults(repo.root, base, depResults),
    keepResult: (runId, taskId, commit) => updateRef(repo.root, resultRef(runId, taskId), commit),
    async merge(input) {
      const outcome = await mergeResult(repo.root, input);
      if ("commit" in outcome)
        await updateRef(repo.root, integrationBranch(input.runId), outcome.commit);
      return outcome;
    },
    runChecks: (runId, commit, checks, timeoutMs, signal) =>
      runChecks(checksDriver(), runId, runDir(runId), commit, checks, timeoutMs, signal),
    sync: (_runId, base, result) => syncWorkingTree(repo, base, result),
    async filesInScope(commit, globs) {
      let listing = files.get(commit);
      if (!listing) {
        listing = listFiles(repo.root, commit);
        files.set(commit, listing);
      }
      return (await listing).filter(scopeMatcher(globs));
    },
  };
}
