import type { Assembler } from "../core/assembler-port.js";
import type { SandboxDriver } from "../core/sandbox-port.js";
import {
  changedPaths,
  commitTree,
  listFiles,
  type Repo,
  runGit,
  touchedPaths,
  treeOf,
  updateRef,
} from "../git/index.js";
import { type ScopeIndex, scopeIndex } from "../plan/index.js";
import { combineResults, integrationBranch, mergeOnto, mergeResult } from "./merge-result.js";
import { runChecks } from "./run-checks.js";
import { syncWorkingTree } from "./sync-working-tree.js";

export function resultRef(runId: string, taskId: string): string {
  return `refs/armada/${runId}/${taskId}`;
}

/** Every attempt's change, accepted or not, so that no sub-agent's work is lost. */
export function attemptRef(runId: string, taskId: string, attempt: number): string {
  return `refs/armada-attempts/${runId}/${taskId}/${attempt}`;
}

const CONTEXT_LIMIT = 16_000;
const INDEXED_COMMITS = 4;

async function cappedDiff(cwd: string, from: string, to: string, paths: string[]) {
  const diff = await runGit(["diff", "-M", "--no-color", from, to, "--", ...paths], { cwd });
  return diff.stdout.length > CONTEXT_LIMIT
    ? `${diff.stdout.slice(0, CONTEXT_LIMIT)}\n[... cut at ${CONTEXT_LIMIT} characters]\n`
    : diff.stdout;
}

/** Assembly on the repository itself: results as refs, merges with git merge-tree. */
export function gitAssembler(
  repo: Repo,
  checksDriver: () => SandboxDriver,
  runDir: (runId: string) => string,
): Assembler {
  const files = new Map<string, Promise<ScopeIndex>>();
  const trees = new Map<string, string>();
  return {
    startCommit: (base, depResults) => combineResults(repo.root, base, depResults),
    async keepResult(runId, taskId, attempt, commit, accepted) {
      const refs = [
        attemptRef(runId, taskId, attempt),
        ...(accepted ? [resultRef(runId, taskId)] : []),
      ];
      await runGit(["update-ref", "--stdin"], {
        cwd: repo.root,
        input: refs.map((r) => `update ${r} ${commit}\n`).join(""),
      });
    },
    merge: (input) => mergeResult(repo.root, input, trees),
    async mergeSequence(base, integration) {
      const log = await runGit(
        ["log", "--first-parent", "--reverse", "--format=%H %P%n%B%x00", `${base}..${integration}`],
        { cwd: repo.root },
      );
      return log.stdout
        .split("\0")
        .map((entry) => entry.trim())
        .filter(Boolean)
        .flatMap((entry) => {
          const [state, , merged] = (entry.split("\n", 1)[0] ?? "").split(" ");
          const taskId = /^Armada-Task: (.+)$/m.exec(entry)?.[1];
          // A result built on the integration state was taken as is: it is its own step.
          const result = merged ?? state;
          return state && result && taskId ? [{ taskId, state, result }] : [];
        });
    },
    publish: (runId, commit) => updateRef(repo.root, integrationBranch(runId), commit),
    changeOf: (from, to) => cappedDiff(repo.root, from, to, []),
    async describeConflict(taskStart, integration, paths) {
      const text = await cappedDiff(repo.root, taskStart, integration, paths);
      return `Other tasks changed the same parts of ${paths.join(", ")} after this task started. Their change, which is already merged and must be kept:\n\n${text}`;
    },
    async conflictedState(integration, result, start, label) {
      const merged = await mergeOnto(
        repo.root,
        integration,
        await treeOf(repo.root, integration),
        result,
        start,
      );
      return commitTree(
        repo.root,
        merged.tree,
        [integration],
        `armada: ${label} (conflict markers to resolve)\n`,
      );
    },
    async squash(runId, base, integration, message) {
      const commit = await commitTree(
        repo.root,
        await treeOf(repo.root, integration),
        [base],
        message,
      );
      await updateRef(repo.root, integrationBranch(runId), commit);
      return commit;
    },
    runChecks: (runId, commit, checks, timeoutMs, signal, logName) =>
      runChecks(checksDriver(), runId, runDir(runId), commit, checks, timeoutMs, signal, logName),
    sync: (request) => syncWorkingTree(repo, request),
    async filesInScope(commit, globs) {
      let index = files.get(commit);
      if (!index) {
        index = listFiles(repo.root, commit).then(scopeIndex);
        files.set(commit, index);
        // Tasks with dependencies each start from a commit of their own: keep the recent few.
        const oldest = files.keys().next().value;
        if (files.size > INDEXED_COMMITS && oldest !== undefined) files.delete(oldest);
      }
      return (await index).match(globs);
    },
    changedFiles: async (from, to) => touchedPaths(await changedPaths(repo.root, from, to)),
  };
}
