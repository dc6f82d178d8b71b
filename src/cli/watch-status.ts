import { FINISHED_RUN_STATES, masterGone, type RunRecord } from "../core/index.js";
import type { Context } from "./context.js";
import { followEvents } from "./follow-events.js";
import { diffTextIn, showDashboard, wantsDashboard } from "./live-view.js";
import { nextSteps } from "./next-steps.js";
import { formatSummary } from "./run-summary.js";
import { formatStatus, loadView, statusJson } from "./status-view.js";

const POLL_MS = 200;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function printEnd(ctx: Context, runId: string, json: boolean): void {
  const run = ctx.store.getRun(runId);
  if (!run) return;
  const view = loadView(ctx.store, run);
  process.stdout.write(
    json
      ? `${JSON.stringify({ type: "run.summary", ...statusJson(view) })}\n`
      : `${formatSummary(view, process.stdout.columns ?? 100)}${nextSteps(view)}`,
  );
}

/**
 * `armada status --watch`: the live dashboard on a terminal, where `q` detaches and the run
 * goes on; elsewhere one line (or JSON object) per state change from now on. Both end with the
 * run's summary; a run whose master is gone ends the watch with what to do.
 */
export async function watchStatus(ctx: Context, run: RunRecord, json: boolean): Promise<number> {
  const { store } = ctx;
  if (FINISHED_RUN_STATES.includes(run.state) || masterGone(run)) {
    const view = loadView(store, run);
    process.stdout.write(
      json
        ? `${JSON.stringify(statusJson(view), null, 2)}\n`
        : formatStatus(view, process.stdout.columns ?? 100),
    );
    return 0;
  }
  if (wantsDashboard(json)) {
    const dashboard = await showDashboard({
      store,
      runId: run.id,
      mode: "watch",
      diffText: diffTextIn(ctx),
    });
    const how = await dashboard.exited;
    if (how === "detached") {
      process.stdout.write(
        `Detached from run ${run.id}; it goes on. \`armada status --watch ${run.id}\` attaches again.\n`,
      );
      return 0;
    }
    printEnd(ctx, run.id, false);
    return 0;
  }
  if (!json) process.stdout.write(`Watching run ${run.id}: one line per state change.\n`);
  const write = (text: string): boolean => process.stdout.write(text);
  const follower = followEvents(store, run.id, json, write, store.lastEventSeq(run.id), POLL_MS);
  for (;;) {
    await sleep(POLL_MS);
    const now = store.getRun(run.id);
    if (!now || FINISHED_RUN_STATES.includes(now.state)) break;
    if (masterGone(now)) {
      follower.stop();
      process.stderr.write(
        `armada: run ${run.id} stopped: its master is gone. \`armada resume ${run.id}\` finishes it.\n`,
      );
      return 1;
    }
  }
  follower.stop();
  printEnd(ctx, run.id, json);
  return 0;
}
