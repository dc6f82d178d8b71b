import type { RunSession } from "./run-session.js";

/**
 * The run's setup, before the baseline and the fan-out: built once (or found cached) and shown
 * under every sandbox. A failing setup stops the run before any task starts, with its log.
 * Runs again on resume, where the cache makes it immediate. Says whether the run may go on.
 */
export async function prepareEnvironment(session: RunSession): Promise<boolean> {
  const { store, environment, runDir } = session.deps;
  const { runId } = session;
  const run = store.getRun(runId);
  const setup = run?.options.setup;
  if (!run || !setup || !environment) return true;
  const log = `${runDir(runId)}/logs/setup.log`;
  store.updateRun(
    runId,
    { setup: { state: "running", log } },
    { type: "run.setup", data: { state: "running", commands: setup.commands, from: setup.from } },
  );
  try {
    const outcome = await environment.prepare({
      runId,
      base: run.baseCommit,
      setup,
      timeoutMs: session.options.timeoutMs,
      logPath: log,
      signal: session.cancel.signal,
    });
    const state = outcome.cached ? "cached" : "built";
    store.updateRun(
      runId,
      {
        setup: {
          state,
          key: outcome.key,
          durationMs: outcome.durationMs,
          droppedTracked: outcome.droppedTracked,
          paths: outcome.paths,
          log,
        },
      },
      {
        type: "run.setup",
        data: {
          state,
          durationMs: outcome.durationMs,
          paths: outcome.paths,
          droppedTracked: outcome.droppedTracked,
        },
      },
    );
    return true;
  } catch (error) {
    const said = error instanceof Error ? error.message : String(error);
    const message = setup.network
      ? said
      : `${said} Setup ran without the network (--no-setup-network): drop that flag if it must download.`;
    store.updateRun(
      runId,
      { setup: { state: "failed", error: message, log } },
      { type: "run.setup", data: { state: "failed", error: message, log } },
    );
    session.stopped ??= `setup failed, so no task started (its log: ${log}): ${message}`;
    return false;
  }
}
