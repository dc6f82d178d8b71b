import { type EngineDeps, executeRun, type RunRecord, type SandboxDriver } from "../core/index.js";
import { startProcessesThroughHelper, stopProcessHelper } from "../process/index.js";
import type { DashboardHandle } from "../ui/index.js";
import { type EventFollower, followEvents } from "./follow-events.js";
import { showDashboard } from "./live-view.js";

/**
 * Runs the master loop in this process while showing the run: the live dashboard on a
 * terminal, else its events as lines. Ctrl-C (or SIGTERM, e.g. from `armada cancel`) cancels
 * the run cleanly, a second Ctrl-C exits at once; in the dashboard, `q` and Ctrl-C ask first.
 */
export async function driveRun(
  deps: EngineDeps & { sandbox: SandboxDriver },
  runId: string,
  options: {
    json: boolean;
    print: boolean;
    afterSeq?: number;
    /** Show the dashboard; its `d` key shows diffs with this. */
    dashboard?: {
      diffText(from: string, to: string): Promise<string>;
      /** Said in the dashboard's footer at first: its own screen hides what was printed. */
      notice?: string | undefined;
    };
  },
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
  const write = (text: string): boolean => process.stdout.write(text);
  let follower: EventFollower | undefined;
  let dashboard: DashboardHandle | undefined;
  if (options.dashboard) {
    const view = await showDashboard({
      store: deps.store,
      runId,
      mode: "foreground",
      diffText: options.dashboard.diffText,
      cancelRun: () => controller.abort(),
      notice: options.dashboard.notice,
    });
    dashboard = view;
    const toLines = (why: string): void => {
      write(why);
      follower = followEvents(deps.store, runId, false, write, view.lastSeq());
    };
    view.exited.then(
      (how) => {
        if (how === "plain")
          toLines(
            "Dashboard off; the run goes on here, one line per state change (Ctrl-C cancels it).\n",
          );
      },
      (error: unknown) =>
        toLines(
          `armada: the dashboard failed (${error instanceof Error ? error.message : String(error)}); the run goes on, one line per state change.\n`,
        ),
    );
  } else if (options.print) {
    follower = followEvents(deps.store, runId, options.json, write, options.afterSeq ?? 0);
  }
  // The master grows with its run; the git processes it starts must not cost more for it.
  startProcessesThroughHelper();
  try {
    return await executeRun(runId, deps, controller.signal);
  } finally {
    // What the sandboxes keep for the run (its base checkouts, images) goes with its master.
    await deps.sandbox.sweep(runId).catch(() => 0);
    await stopProcessHelper();
    // A dashboard that failed said so above and gave way to lines.
    await dashboard?.close().catch(() => undefined);
    follower?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    process.off("SIGHUP", onSignal);
  }
}
