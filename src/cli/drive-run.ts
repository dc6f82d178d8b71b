import { type EngineDeps, executeRun, type RunRecord, type SandboxDriver } from "../core/index.js";
import { followEvents } from "./follow-events.js";

/**
 * Runs the master loop in this process while printing the run's events; Ctrl-C (or SIGTERM,
 * e.g. from `armada cancel`) cancels the run cleanly, a second Ctrl-C exits at once.
 */
export async function driveRun(
  deps: EngineDeps & { sandbox: SandboxDriver },
  runId: string,
  options: { json: boolean; print: boolean; afterSeq?: number },
): Promise<RunRecord> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(130);
    if (options.print && !options.json)
      process.stderr.write("\narmada: cancelling the run (Ctrl-C again to quit at once)...\n");
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  process.on("SIGHUP", onSignal);
  const follower = options.print
    ? followEvents(
        deps.store,
        runId,
        options.json,
        (text) => process.stdout.write(text),
        options.afterSeq ?? 0,
      )
    : undefined;
  try {
    return await executeRun(runId, deps, controller.signal);
  } finally {
    // What the sandboxes keep for the run (its base checkouts, images) goes with its master.
    await deps.sandbox.sweep(runId).catch(() => 0);
    follower?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
  }
}
