import type { RunRecord, TaskRecord } from "./records.js";
import type { RunSession } from "./run-session.js";

function problemsOf(session: RunSession, run: RunRecord, tasks: TaskRecord[]): string[] {
  const checksPassed = run.checksState === "passed";
  // A failed fix-up round does not matter once a later round made the checks pass.
  const counted = tasks.filter((t) => !(t.kind === "fixup" && checksPassed));
  const count = (state: TaskRecord["state"]): number =>
    counted.filter((t) => t.state === state).length;
  const conflicts = tasks.filter((t) => t.mergeState === "conflict").length;
  const parts = [
    count("failed") && `${count("failed")} failed`,
    count("blocked") && `${count("blocked")} blocked`,
    conflicts && `${conflicts} conflicted`,
  ].filter(Boolean);
  const problems = parts.length ? [`${parts.join(", ")} of ${tasks.length} tasks`] : [];
  if (session.stopped) problems.push(session.stopped);
  if (run.checksState === "failed") problems.push("the run's checks failed");
  return problems;
}

/** The end of a run: squash if asked, sync back unless the checks failed, and the final state. */
export async function settleRun(session: RunSession): Promise<RunRecord> {
  const { store, assembler } = session.deps;
  const { runId, options } = session;
  let run = store.getRun(runId);
  if (!run) throw new Error(`run ${runId} vanished`);
  const tasks = store.listTasks(runId);
  const problems = problemsOf(session, run, tasks);
  if (options.squash && run.integrationCommit !== run.baseCommit) {
    const merged = tasks
      .filter((t) => t.mergeState === "merged")
      .map((t) => `- ${t.id}: ${t.title}`);
    const message = `${run.objective}\n\n${merged.join("\n")}\n\nArmada-Run: ${runId}\n`;
    const squashed = await assembler.squash(runId, run.baseCommit, run.integrationCommit, message);
    store.updateRun(
      runId,
      { integrationCommit: squashed },
      { type: "run.squashed", data: { commit: squashed } },
    );
    run = store.getRun(runId) ?? run;
  }
  if (options.apply && run.applyState === undefined) {
    const skip =
      run.checksState === "failed"
        ? "checks failed"
        : session.stopped
          ? "the run stopped early"
          : undefined;
    if (skip) {
      store.updateRun(
        runId,
        { applyState: "skipped" },
        { type: "sync.skipped", data: { reason: skip } },
      );
    } else {
      store.updateRun(
        runId,
        { state: "syncing" },
        { type: "run.state", data: { state: "syncing" } },
      );
      const report = await assembler.sync({
        base: run.baseCommit,
        result: run.integrationCommit,
        head: run.headCommit,
        mode: options.applyMode,
        allowMarkers: options.allowMarkers,
      });
      if (report.state === "refused")
        problems.push("the result could not be applied to your working tree");
      store.updateRun(
        runId,
        { applyState: report.state },
        { type: `sync.${report.state}`, data: { ...report } },
      );
    }
  }
  const state = problems.length ? "failed" : "completed";
  const error = problems.length ? problems.join("; ") : undefined;
  store.updateRun(
    runId,
    { state, finishedAt: Date.now(), error },
    { type: "run.state", data: { state, ...(error ? { error } : {}) } },
  );
  return store.getRun(runId) ?? run;
}
