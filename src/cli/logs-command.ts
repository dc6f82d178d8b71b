import { existsSync, readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import type { Command } from "commander";
import { FINISHED_RUN_STATES, type RunRecord, type RunStore } from "../core/index.js";
import { openContext, resolveRun, resolveRunAndTask } from "./context.js";
import { eventLine } from "./event-line.js";
import { followEvents } from "./follow-events.js";
import { formatTranscript } from "./transcript-view.js";

const POLL_MS = 200;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function readFrom(file: string, offset: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const { size } = await handle.stat();
    if (size <= offset) return Buffer.alloc(0);
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** An llm attempt keeps its full message history beside its log. */
function transcriptOf(logPath: string): string {
  return logPath.replace(/\.log$/, ".transcript.json");
}

function taskTranscripts(store: RunStore, runId: string, taskId: string): void {
  const files = store
    .listAttempts(runId, taskId)
    .map((a) => transcriptOf(a.logPath))
    .filter(existsSync);
  if (files.length === 0) {
    process.stdout.write(`Task ${taskId} has no transcript: only llm agents keep one.\n`);
    return;
  }
  for (const file of files) {
    process.stdout.write(`── ${file} ──\n${formatTranscript(readFileSync(file, "utf8"))}`);
  }
}

/** Prints every attempt's log of a task; with follow, keeps printing until the task is done. */
async function taskLogs(
  store: RunStore,
  runId: string,
  taskId: string,
  follow: boolean,
): Promise<void> {
  const printed = new Map<number, number>();
  for (;;) {
    for (const attempt of store.listAttempts(runId, taskId)) {
      const offset = printed.get(attempt.n);
      if (offset === undefined)
        process.stdout.write(`── attempt ${attempt.n} (${attempt.state}) ── ${attempt.logPath}\n`);
      if (!existsSync(attempt.logPath)) {
        printed.set(attempt.n, 0);
        continue;
      }
      const chunk = await readFrom(attempt.logPath, offset ?? 0);
      process.stdout.write(chunk);
      printed.set(attempt.n, (offset ?? 0) + chunk.length);
    }
    const task = store.getTask(runId, taskId);
    const run = store.getRun(runId);
    const settled =
      !task ||
      !["queued", "active"].includes(task.state) ||
      !run ||
      FINISHED_RUN_STATES.includes(run.state);
    if (!follow || settled) {
      if (store.listAttempts(runId, taskId).some((a) => existsSync(transcriptOf(a.logPath))))
        process.stdout.write(
          `── the full message history: armada logs ${runId} ${taskId} --transcript\n`,
        );
      return;
    }
    await sleep(POLL_MS);
  }
}

async function runLogs(store: RunStore, runId: string, follow: boolean): Promise<void> {
  if (!follow) {
    for (const event of store.eventsAfter(runId, 0, 1_000_000)) {
      const line = eventLine(event);
      if (line) process.stdout.write(`${line}\n`);
    }
    return;
  }
  const follower = followEvents(
    store,
    runId,
    false,
    (text) => process.stdout.write(text),
    0,
    POLL_MS,
  );
  while (!FINISHED_RUN_STATES.includes(store.getRun(runId)?.state ?? "completed"))
    await sleep(POLL_MS);
  follower.stop();
}

/** `armada logs <run> setup`: the run's setup, as a task of its own. */
function setupLog(run: RunRecord): void {
  if (!run.setup) {
    process.stdout.write(
      run.options.setup
        ? `Run ${run.id}'s setup has not started yet.\n`
        : `Run ${run.id} has no setup (no setup: in its plan or configuration, no lockfile, or --no-setup).\n`,
    );
    return;
  }
  process.stdout.write(`── setup (${run.setup.state}) ── ${run.setup.log}\n`);
  if (existsSync(run.setup.log)) process.stdout.write(readFileSync(run.setup.log, "utf8"));
}

export function registerLogs(program: Command): void {
  program
    .command("logs")
    .description("a task's full log (all attempts), or the run's events without a task")
    .argument("[run]", "run id (default: the latest run)")
    .argument("[task]", "task id")
    .option("-f, --follow", "keep printing as the log grows")
    .option("--transcript", "an llm agent's full message history instead of its log")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(
      async (
        first: string | undefined,
        second: string | undefined,
        flags: { follow?: boolean; transcript?: boolean; repo?: string },
      ) => {
        const ctx = await openContext(flags.repo);
        if (second === "setup" || (first === "setup" && second === undefined)) {
          setupLog(resolveRun(ctx.store, second === "setup" ? first : undefined));
          return;
        }
        const { run, task } = resolveRunAndTask(ctx.store, first, second);
        if (task && flags.transcript) taskTranscripts(ctx.store, run.id, task.id);
        else if (task) await taskLogs(ctx.store, run.id, task.id, Boolean(flags.follow));
        else await runLogs(ctx.store, run.id, Boolean(flags.follow));
        const masterLog = `${ctx.runDir(run.id)}/master.log`;
        if (!task && !flags.follow && existsSync(masterLog)) {
          const text = readFileSync(masterLog, "utf8").trim();
          if (text) process.stdout.write(`── master.log ──\n${text}\n`);
        }
      },
    );
}
