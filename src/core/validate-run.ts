import type { CheckFailure } from "./assembler-port.js";
import { type Placed, placeCulprits } from "./bisect-regression.js";
import { literalGlob } from "./literal-glob.js";
import { prompt } from "./prompts.js";
import type { Culprit, RunRecord } from "./records.js";
import { regressionsOf } from "./regressions.js";
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

function describe(failures: CheckFailure[]): string {
  return failures.map((f) => `$ ${f.check}  (${f.error})\n${f.tail}`).join("\n\n");
}

/**
 * The checks on a commit, judged against the baseline: what regressed, and which checks are
 * flaky. A check is run twice before it is blamed: one that fails and then passes on the same
 * tree is flaky, not a regression.
 */
export async function judgeChecks(
  session: RunSession,
  run: RunRecord,
  commit: string,
  logName: string,
): Promise<{ regressions: CheckFailure[]; preExisting: string[]; flaky: string[]; log: string }> {
  const { assembler } = session.deps;
  const run1 = await assembler.runChecks(
    session.runId,
    commit,
    run.checks,
    session.options.timeoutMs,
    session.cancel.signal,
    logName,
  );
  const first = regressionsOf(run1.failures, run.baseline);
  const regressed = new Set(first.map((f) => f.check));
  const preExisting = run1.failures.filter((f) => !regressed.has(f.check)).map((f) => f.check);
  if (first.length === 0 || session.cancel.signal.aborted) {
    return { regressions: first, preExisting, flaky: [], log: run1.logPath };
  }
  const run2 = await assembler.runChecks(
    session.runId,
    commit,
    first.map((f) => f.check),
    session.options.timeoutMs,
    session.cancel.signal,
    `${logName}-again`,
  );
  const second = regressionsOf(run2.failures, run.baseline);
  const again = new Set(second.map((f) => f.check));
  return {
    regressions: first.filter((f) => again.has(f.check)),
    preExisting,
    flaky: first.filter((f) => !again.has(f.check)).map((f) => f.check),
    log: run1.logPath,
  };
}

/**
 * Takes culprits out of the integration state and sends each back to its agent with the
 * failure; a culprit redone as often as conflicts may be is left in, for a fix-up. Returns
 * the culprits sent back.
 */
export async function sendBackCulprits(
  session: RunSession,
  run: RunRecord,
  failing: CheckFailure[],
  goodMerges: number,
): Promise<{ sent: Placed[]; clean: boolean }> {
  const { store, assembler } = session.deps;
  const { runId, options } = session;
  const redoable = (taskId: string): boolean =>
    (store.getTask(runId, taskId)?.redos ?? Number.POSITIVE_INFINITY) < options.conflictRetries;
  if (options.conflictRetries === 0) return { sent: [], clean: false };
  const placed = await placeCulprits(session, run, failing, goodMerges);
  if (!placed?.culprits.every((c) => redoable(c.taskId)) || session.cancel.signal.aborted) {
    return { sent: [], clean: false };
  }
  for (const culprit of placed.culprits) {
    const task = store.getTask(runId, culprit.taskId);
    const result = store.getResult(runId, culprit.taskId);
    if (!task || !result) continue;
    const change = await assembler.changeOf(result.startCommit, culprit.result);
    const partnerChange = culprit.partnerResult
      ? `\n\nThe change of task ${culprit.partner}, which stays:\n\n${await assembler.changeOf(`${culprit.partnerResult}^`, culprit.partnerResult)}`
      : "";
    const how = culprit.partner
      ? `your change breaks them only together with the change of task ${culprit.partner}, which is merged and must be kept (a semantic conflict: one renames what the other still uses, for instance)`
      : "your change alone breaks them";
    const record: Culprit = {
      taskId: culprit.taskId,
      position: culprit.position,
      of: culprit.of,
      checks: culprit.checks,
      partner: culprit.partner,
      probes: culprit.probes,
    };
    store.updateRun(
      runId,
      { culprits: [...(store.getRun(runId)?.culprits ?? []), record] },
      { type: "run.bisect", taskId: culprit.taskId, data: { ...record } },
    );
    store.updateTask(
      runId,
      culprit.taskId,
      {
        state: "queued",
        mergeState: "pending",
        startFrom: placed.integration,
        context: prompt("culprit-context", {
          how,
          failures: describe(culprit.failures),
          change,
          partnerChange,
        }),
        redos: task.redos + 1,
      },
      {
        type: "task.redo",
        data: { checks: culprit.checks, partner: culprit.partner, redo: task.redos + 1 },
      },
    );
  }
  store.updateRun(runId, { integrationCommit: placed.integration });
  await assembler.publish(runId, placed.integration);
  return { sent: placed.culprits, clean: placed.clean };
}

/**
 * Runs the run-level checks on the integration state. A regression is bisected to the results
 * that caused it, which go back to their agents; what bisection cannot place gets a fix-up task
 * while fix-up rounds are left. Says whether new work was scheduled, so the caller schedules it
 * and validates again.
 */
export async function validateRun(session: RunSession): Promise<"fixup" | "done"> {
  const { store } = session.deps;
  const { runId, options } = session;
  await session.baseline;
  const run = store.getRun(runId);
  if (!run || run.checks.length === 0 || run.integrationCommit === run.baseCommit) return "done";
  if (run.checksState !== undefined) return "done";
  if (run.verified?.commit === run.integrationCommit) {
    // Merge-queue mode verified this very state: the checks need not run again.
    store.updateRun(
      runId,
      { checksState: "passed" },
      {
        type: "run.checks",
        data: { passed: true, failures: [], preExisting: [], verified: run.verified.merges },
      },
    );
    return "done";
  }
  store.updateRun(runId, { state: "checking" }, { type: "run.state", data: { state: "checking" } });
  const judged = await judgeChecks(session, run, run.integrationCommit, "checks");
  const { regressions, preExisting, flaky } = judged;
  const passed = regressions.length === 0;
  store.updateRun(
    runId,
    {
      checksState: passed ? "passed" : "failed",
      flaky: [...new Set([...run.flaky, ...flaky])],
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
        flaky,
        log: judged.log,
        round: run.fixRounds,
      },
    },
  );
  if (passed || session.cancel.signal.aborted) return "done";
  const verified = run.verified?.merges ?? 0;
  const back = await sendBackCulprits(session, run, regressions, verified);
  if (back.sent.length > 0) {
    store.updateRun(runId, { checksState: undefined, state: "running" });
    return "fixup";
  }
  if (run.fixRounds >= options.fixRounds || session.cancel.signal.aborted) return "done";
  return planFixup(session, run, regressions);
}

async function planFixup(
  session: RunSession,
  run: RunRecord,
  regressions: CheckFailure[],
): Promise<"fixup"> {
  const { store } = session.deps;
  const { runId, options } = session;
  const round = run.fixRounds + 1;
  const failures = describe(regressions);
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
