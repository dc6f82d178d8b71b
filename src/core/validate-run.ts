import type { CheckFailure } from "./assembler-port.js";
import { failureLines } from "./failure-lines.js";
import { literalGlob } from "./literal-glob.js";
import { prompt } from "./prompts.js";
import type { RunSession } from "./run-session.js";

/** Files of the repository that a check's output names, for the fix-up task's scope. */
async function filesNamed(
  session: RunSession,
  commit: string,
  base: string,
  failures: CheckFailure[],
): Promise<string[]> {
  const output = failures.map((f) => f.tail).join("\n");
  const all = await session.deps.assembler.filesInScope(commit, ["**"]);
  const named = all.filter((file) => output.includes(file));
  return named.length > 0 ? named : session.deps.assembler.changedFiles(base, commit);
}

/**
 * Runs the run-level checks on the integration state. When they fail and fix-up rounds are
 * left, plans a fix-up task with the checks' output and the files they name, and says so:
 * the caller schedules it and validates again.
 */
export async function validateRun(session: RunSession): Promise<"fixup" | "done"> {
  const { store, assembler } = session.deps;
  const { runId, options } = session;
  await session.baseline;
  const run = store.getRun(runId);
  if (!run || run.checks.length === 0 || run.integrationCommit === run.baseCommit) return "done";
  if (run.checksState !== undefined) return "done";
  store.updateRun(runId, { state: "checking" }, { type: "run.state", data: { state: "checking" } });
  const report = await assembler.runChecks(
    runId,
    run.integrationCommit,
    run.checks,
    options.timeoutMs,
    session.cancel.signal,
  );
  // A check that failed the same way on the base is not the agents' doing: only regressions
  // count. One that fails with a new line of failure (another test, another error) regressed.
  const before = new Map((run.baseline ?? []).map((b) => [b.check, new Set(b.lines)]));
  const same = (f: CheckFailure): boolean => {
    const known = before.get(f.check);
    return known !== undefined && failureLines(f.tail).every((line) => known.has(line));
  };
  const regressions = report.failures.filter((f) => !same(f));
  const preExisting = report.failures.filter(same).map((f) => f.check);
  const passed = regressions.length === 0;
  store.updateRun(
    runId,
    {
      checksState: passed ? "passed" : "failed",
      ...(run.baseline
        ? { baseline: run.baseline.map((b) => ({ ...b, still: preExisting.includes(b.check) })) }
        : {}),
    },
    {
      type: "run.checks",
      data: {
        passed,
        failures: regressions,
        preExisting,
        log: report.logPath,
        round: run.fixRounds,
      },
    },
  );
  if (passed || run.fixRounds >= options.fixRounds || session.cancel.signal.aborted) return "done";
  const round = run.fixRounds + 1;
  const failures = regressions.map((f) => `$ ${f.check}  (${f.error})\n${f.tail}`).join("\n\n");
  const files = await filesNamed(session, run.integrationCommit, run.baseCommit, regressions);
  const id = `fixup-${round}`;
  store.updateRun(runId, { fixRounds: round, checksState: undefined, state: "running" });
  store.addTask(
    runId,
    {
      id,
      kind: "fixup",
      title: `Fix the failing checks (round ${round} of ${options.fixRounds})`,
      instructions: prompt("fixup-instructions", { failures }),
      files: files.map(literalGlob),
      deps: [],
      checks: regressions.map((f) => f.check),
      agent: undefined,
      command: undefined,
      startFrom: run.integrationCommit,
      context: failures,
    },
    { type: "task.added", taskId: id, data: { kind: "fixup", round, files } },
  );
  return "fixup";
}
