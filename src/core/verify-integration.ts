import type { RunSession } from "./run-session.js";
import { judgeChecks, sendBackCulprits } from "./validate-run.js";

/**
 * Merge-queue mode (--verify each|batch:n): once `verifyEvery` results merged since the last
 * verified point, the run's checks judge the integration state; a regression is bisected
 * within that batch and its culprits go back to their agents at once.
 */
export async function verifyIntegration(session: RunSession): Promise<void> {
  const every = session.options.verifyEvery;
  const { store, assembler } = session.deps;
  const { runId } = session;
  const before = store.getRun(runId);
  if (!every || !before || before.checks.length === 0 || session.cancel.signal.aborted) return;
  const steps = await assembler.mergeSequence(before.baseCommit, before.integrationCommit);
  const verified = before.verified?.merges ?? 0;
  if (steps.length - verified < every) return;
  await session.baseline;
  const run = store.getRun(runId);
  if (!run) return;
  const judged = await judgeChecks(session, run, run.integrationCommit, `verify-${steps.length}`);
  if (session.cancel.signal.aborted) return;
  const passed = judged.regressions.length === 0;
  store.updateRun(
    runId,
    {
      flaky: [...new Set([...run.flaky, ...judged.flaky])],
      ...(passed
        ? { verified: { commit: run.integrationCommit, merges: steps.length, at: Date.now() } }
        : {}),
    },
    {
      type: "run.verify",
      data: {
        passed,
        merges: steps.length,
        since: verified,
        failures: judged.regressions,
        flaky: judged.flaky,
        log: judged.log,
      },
    },
  );
  if (passed) return;
  const back = await sendBackCulprits(session, run, judged.regressions, verified);
  const after = store.getRun(runId);
  if (!back.clean || !after) return;
  // The state without the culprits passed the checks: it is the new verified point.
  const merges = (await assembler.mergeSequence(after.baseCommit, after.integrationCommit)).length;
  store.updateRun(runId, {
    verified: { commit: after.integrationCommit, merges, at: Date.now() },
  });
}
