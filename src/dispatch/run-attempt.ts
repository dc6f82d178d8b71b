import type { AgentContext } from "../core/agent-port.js";
import type { AttemptHooks, AttemptResult, AttemptSpec } from "../core/dispatcher-port.js";
import type { Sandbox } from "../core/sandbox-port.js";
import { type ChangedPath, commitTree, treeChanges, treeOf } from "../git/index.js";
import { scrubbedEnv } from "../sandbox/index.js";
import { openCappedLog } from "./capped-log.js";
import type { AgentFactory, SandboxFactory } from "./factories.js";
import { inspectChange } from "./inspect-change.js";
import { runTaskChecks } from "./run-task-checks.js";

// Commits never change, so their trees can be remembered for the life of the process.
/**
 * The change read in-process when git's rename detection has nothing to pair (no path both
 * added and deleted); undefined otherwise, and git reads it. Its size in lines stays unknown:
 * only side-by-side attempts (`ranked`) need it.
 */
async function changesWithoutRenames(
  repoRoot: string,
  from: string,
  to: string,
): Promise<{ changes: ChangedPath[]; size: undefined } | undefined> {
  const changes = await treeChanges(repoRoot, from, to);
  const adds = changes.some((c) => c.status === "A");
  const deletes = changes.some((c) => c.status === "D");
  return adds && deletes ? undefined : { changes, size: undefined };
}

const startTrees = new Map<string, Promise<string>>();
function startTree(repoRoot: string, commit: string): Promise<string> {
  let tree = startTrees.get(commit);
  if (!tree) {
    tree = treeOf(repoRoot, commit);
    startTrees.set(commit, tree);
  }
  return tree;
}

/** The end of what the agent itself printed (armada's own lines left out). */
function agentsLastWords(logTail: string): string {
  return logTail
    .split("\n")
    .filter((line) => line.trim() && !line.startsWith("armada:") && !line.startsWith("$ "))
    .slice(-3)
    .join(" / ")
    .slice(0, 400);
}

function resultMessage(spec: AttemptSpec): string {
  return `${spec.task.title}\n\nArmada-Run: ${spec.runId}\nArmada-Task: ${spec.task.id}\nArmada-Attempt: ${spec.attempt}\n`;
}

/**
 * Executes one attempt end to end: sandbox, agent, task checks, capture as a commit whose
 * parent is the start commit, dispose. Never throws for the agent's failures: they are data.
 */
export async function runAttempt(
  spec: AttemptSpec,
  hooks: AttemptHooks,
  repoRoot: string,
  makeSandbox: SandboxFactory,
  makeAgent: AgentFactory,
): Promise<AttemptResult> {
  const log = openCappedLog(spec.logPath, spec.logLimit, hooks.onLog);
  let usage: AttemptResult["usage"];
  const failed = (state: AttemptResult["state"], error: string, agentMs = 0): AttemptResult => {
    log.write(`\narmada: attempt ${state}: ${error}\n`);
    return { state, error, changed: [], outOfScope: [], logTail: log.tail(), agentMs, usage };
  };
  let sandbox: Sandbox | undefined;
  try {
    log.write(
      `armada: task ${spec.task.id}, attempt ${spec.attempt}, agent ${spec.agent}, sandbox ${spec.sandbox}, start ${spec.startCommit.slice(0, 12)}\n`,
    );
    const agent = makeAgent(spec);
    sandbox = await makeSandbox(spec.sandbox).create(spec.startCommit, {
      name: `${spec.runId}-${spec.task.id}.${spec.attempt}`,
      runId: spec.runId,
      homeFiles: agent.homeFiles,
      programDirs: agent.programDirs,
    });
    hooks.onProgress({ kind: "sandbox", location: sandbox.location });
    const env = { ...scrubbedEnv(spec.envAllow), ARMADA_RUN: spec.runId };
    const active = sandbox;
    const checkOptions = {
      env: { ...env, ARMADA_TASK: spec.task.id },
      timeoutMs: spec.timeoutMs,
      signal: hooks.signal,
      log,
    };
    const ctx: AgentContext = {
      runId: spec.runId,
      objective: spec.objective,
      attempt: spec.attempt,
      files: spec.files,
      previousFailure: spec.previousFailure,
      conventions: spec.conventions,
      context: spec.context,
      env,
      timeoutMs: spec.timeoutMs,
      signal: hooks.signal,
      log: (chunk) => log.write(chunk),
      onSpawn: (pgid) => hooks.onProgress({ kind: "process", pgid }),
      runChecks: () => runTaskChecks(active, spec.task.checks, checkOptions),
      transcriptPath: spec.logPath.replace(/\.log$/, ".transcript.json"),
      onAnswered: () => hooks.onProgress({ kind: "answered" }),
      onRateLimitWait: (waiting) =>
        hooks.onProgress({ kind: "phase", phase: waiting ? "rate-limited" : "agent" }),
    };
    hooks.onProgress({ kind: "phase", phase: "agent" });
    const outcome = await agent.run(spec.task, sandbox, ctx);
    usage = outcome.usage;
    if (hooks.signal.aborted) return failed("cancelled", "cancelled", outcome.durationMs);
    if (!outcome.ok) {
      return {
        ...failed(
          outcome.timedOut ? "timeout" : "failed",
          outcome.error ?? "agent failed",
          outcome.durationMs,
        ),
        ...(outcome.fatal ? { fatal: true } : {}),
      };
    }
    if (spec.task.checks.length > 0 && !outcome.checked) {
      hooks.onProgress({ kind: "phase", phase: "checks" });
      const checks = await runTaskChecks(sandbox, spec.task.checks, checkOptions);
      if (checks.cancelled) return failed("cancelled", "cancelled", outcome.durationMs);
      const failure = checks.failures[0];
      if (failure) {
        return failed(
          failure.error.startsWith("timed out") ? "timeout" : "failed",
          `check \`${failure.check}\` ${failure.error}`,
          outcome.durationMs,
        );
      }
    }
    hooks.onProgress({ kind: "phase", phase: "capture" });
    const tree = await sandbox.captureTree();
    if (tree === (await startTree(repoRoot, spec.startCommit))) {
      const said = agentsLastWords(log.tail());
      if (spec.requireChange) {
        return failed(
          "failed",
          `the agent changed nothing, and this task must change something (--require-change, or requireChange: in the plan). Its last words: ${said || "(none)"}`,
          outcome.durationMs,
        );
      }
      log.write("\narmada: the agent changed nothing\n");
      return {
        noChange: said || "(the agent said nothing)",
        state: "succeeded",
        metrics: outcome.metrics,
        commit: spec.startCommit,
        changed: [],
        outOfScope: [],
        logTail: log.tail(),
        agentMs: outcome.durationMs,
        usage,
        changeSize: 0,
      };
    }
    const commit = await commitTree(repoRoot, tree, [spec.startCommit], resultMessage(spec));
    const known = spec.ranked
      ? undefined
      : await changesWithoutRenames(repoRoot, await startTree(repoRoot, spec.startCommit), tree);
    const verdict = await inspectChange(repoRoot, spec, commit, (line) => log.write(line), known);
    if (verdict.rejected) {
      return {
        ...failed("failed", verdict.rejected, outcome.durationMs),
        outOfScope: verdict.outOfScope,
        commit,
      };
    }
    return {
      state: "succeeded",
      metrics: outcome.metrics,
      commit,
      changed: verdict.changed,
      outOfScope: verdict.outOfScope,
      logTail: log.tail(),
      agentMs: outcome.durationMs,
      usage,
      changeSize: verdict.changeSize,
    };
  } catch (error) {
    const message =
      error instanceof Error
        ? ((error as { userMessage?: string }).userMessage ?? error.message)
        : String(error);
    return failed("failed", message);
  } finally {
    await sandbox
      ?.dispose()
      .catch((error: unknown) =>
        log.write(`armada: could not remove the sandbox: ${String(error)}\n`),
      );
    await log.close();
  }
}
