import type { Command } from "commander";
import { loadConfig } from "../config/index.js";
import { ArmadaError, FINISHED_RUN_STATES, masterAlive, reclaimRun } from "../core/index.js";
import { runCloud } from "./cloud-target.js";
import { engineDeps, openContext, resolveRun } from "./context.js";
import { driveRun } from "./drive-run.js";
import { diffTextIn, wantsDashboard } from "./live-view.js";
import { exitCodeOf, printOutcome } from "./run-command.js";
import { startDetachedMaster } from "./start-master.js";

export function registerResume(program: Command): void {
  program
    .command("resume")
    .description(
      "finish a run whose master stopped (crash, kill -9, reboot); finished tasks are kept",
    )
    .argument("[run]", "run id (default: the latest run)")
    .option("--detach", "resume in the background")
    .option("--json", "print newline-delimited JSON events")
    .option(
      "--cloud <redis-url>",
      "the fleet's Redis, for a run on the fleet whose URL has a password",
    )
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(
      async (
        runArg: string | undefined,
        flags: { detach?: boolean; json?: boolean; repo?: string; cloud?: string },
      ) => {
        const ctx = await openContext(flags.repo);
        const run = resolveRun(ctx.store, runArg);
        if (FINISHED_RUN_STATES.includes(run.state)) {
          process.stdout.write(
            `Run ${run.id} already ended (${run.state}); nothing to resume. \`armada status ${run.id}\` shows how.\n`,
          );
          return;
        }
        if (masterAlive(run)) {
          throw new ArmadaError(
            "run-alive",
            `Run ${run.id} is still running (master pid ${run.masterPid} on ${run.masterHost}). Watch it with \`armada status ${run.id}\`, or stop it with \`armada cancel ${run.id}\`.`,
          );
        }
        const { config } = await loadConfig(ctx.repo.root);
        const cloud = run.options.cloud
          ? runCloud(run.id, run.options.cloud, flags.cloud, config)
          : undefined;
        const reclaimed = await reclaimRun(ctx.store, run, ctx.driverFor);
        const done = ctx.store.listTasks(run.id).filter((t) => t.state === "completed").length;
        const lastSeq = ctx.store.eventsAfter(run.id, 0, 1_000_000).at(-1)?.seq ?? 0;
        if (flags.detach) {
          const url = flags.cloud ?? process.env.ARMADA_CLOUD;
          const pid = startDetachedMaster(
            ctx.repo.root,
            ctx.runDir(run.id),
            run.id,
            url ? { ARMADA_CLOUD: url } : {},
          );
          process.stdout.write(`Resumed run ${run.id} in the background (pid ${pid}).\n`);
          return;
        }
        if (!flags.json) {
          process.stdout.write(
            `Resuming run ${run.id}: ${done} finished task(s) kept, ${reclaimed.interrupted} interrupted attempt(s) to redo${run.options.cloud ? `, ${reclaimed.onFleet} attempt(s) on the fleet to collect` : ""}.\n`,
          );
        }
        const finished = await driveRun(await engineDeps(ctx, run.options, cloud), run.id, {
          json: Boolean(flags.json),
          print: true,
          afterSeq: lastSeq,
          ...(wantsDashboard(Boolean(flags.json))
            ? { dashboard: { diffText: diffTextIn(ctx) } }
            : {}),
        });
        printOutcome(ctx, finished, Boolean(flags.json));
        process.exitCode = exitCodeOf(finished);
      },
    );
}
