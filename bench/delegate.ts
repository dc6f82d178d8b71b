/**
 * The engine benchmark (issue 3): delegates one-file tasks whose agent only sleeps, through the
 * built CLI on a generated repository, and prints how far the wall time is from the ideal
 * (total agent time / concurrency) and what each task costs on top of its agent.
 *
 *   npm run bench:engine -- [--tasks 200] [--concurrency 50] [--sleep 1] [--agent-cmd <sh>] [--keep]
 */
import { parseArgs } from "node:util";
import { childrenCpuMs } from "./support/children-cpu.js";
import { formatTable } from "./support/format-table.js";
import { generatedRepo } from "./support/generated-repo.js";
import { numberFlag } from "./support/number-flag.js";
import { percentile } from "./support/percentile.js";
import { runArmada } from "./support/run-armada.js";

interface StatusJson {
  run: { id: string; state: string; createdAt: string; counts: Record<string, number> };
  tasks: {
    id: string;
    state: string;
    error: string | null;
    lastAttempt: { startedAt: string; durationMs: number | null; agentMs: number | null } | null;
  }[];
}

interface Timing {
  startedAt: number;
  durationMs: number;
  agentMs: number;
}

const USAGE = `usage: tsx bench/delegate.ts [--tasks n] [--concurrency n] [--sleep seconds] [--agent-cmd <shell>] [--keep]
  --tasks        files in the generated repository, one task each (default 200)
  --concurrency  attempts at once (default 50)
  --sleep        what each agent does: sleep this many seconds (default 1)
  --agent-cmd    the agent's command instead of sleeping, e.g. true or 'sleep 1; echo >> {files}'
  --keep         keep the generated repository and print its path
`;

function parseFlags() {
  const { values } = parseArgs({
    options: {
      tasks: { type: "string", default: "200" },
      concurrency: { type: "string", default: "50" },
      sleep: { type: "string", default: "1" },
      "agent-cmd": { type: "string" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  return {
    tasks: Math.floor(numberFlag(values.tasks, "--tasks", 1)),
    concurrency: Math.floor(numberFlag(values.concurrency, "--concurrency", 1)),
    agentCmd: values["agent-cmd"] ?? `sleep ${numberFlag(values.sleep, "--sleep", 0)}`,
    keep: values.keep,
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const millis = (ms: number): string => `${Math.round(ms)} ms`;

function timings(status: StatusJson): Timing[] {
  return status.tasks.flatMap((t) => {
    const a = t.lastAttempt;
    if (!a || a.durationMs === null || a.agentMs === null) return [];
    return [{ startedAt: Date.parse(a.startedAt), durationMs: a.durationMs, agentMs: a.agentMs }];
  });
}

async function main(): Promise<number> {
  const flags = parseFlags();
  const repo = generatedRepo(flags.tasks);
  try {
    const args = [
      "run",
      "bench",
      "--each",
      "src/*.js",
      "--agent-cmd",
      flags.agentCmd,
      "--concurrency",
      String(flags.concurrency),
      "--yes",
      "--no-apply",
    ];
    process.stdout.write(
      `armada ${args.map((a) => (/[\s;*']/.test(a) ? `'${a}'` : a)).join(" ")}\n` +
        `  in a generated repository of ${flags.tasks} files${flags.keep ? ` (${repo.root})` : ""}\n\n`,
    );
    const cpuBefore = childrenCpuMs();
    const run = await runArmada(args, repo.root);
    const cpuAfter = childrenCpuMs();
    const statusResult = await runArmada(["status", "--json"], repo.root);
    if (statusResult.code !== 0) {
      process.stderr.write(`armada status failed:\n${statusResult.stderr}`);
      return 1;
    }
    const status = JSON.parse(statusResult.stdout) as StatusJson;
    const done = timings(status);
    const first = Math.min(...done.map((t) => t.startedAt));
    const last = Math.max(...done.map((t) => t.startedAt + t.durationMs));
    const agentTimes = done.map((t) => t.agentMs);
    const agentTotal = agentTimes.reduce((sum, ms) => sum + ms, 0);
    const attemptTotal = done.reduce((sum, t) => sum + t.durationMs, 0);
    const overhead = done.map((t) => t.durationMs - t.agentMs);
    const wall = run.exitedAt - run.startedAt;
    const ideal = agentTotal / flags.concurrency;
    const phase = last - first;
    const created = Date.parse(status.run.createdAt);
    const rows: string[][] = [
      ["tasks completed", `${status.run.counts.completed ?? 0} / ${status.tasks.length}`, ""],
      ["wall time", seconds(wall), "the whole `armada run`, spawn to exit"],
      ["ideal", seconds(ideal), "total agent time / concurrency"],
      ["ratio", (wall / ideal).toFixed(2), "wall / ideal"],
      ["per-task overhead p50", millis(percentile(overhead, 50)), "attempt duration - agent time"],
      ["per-task overhead p95", millis(percentile(overhead, 95)), ""],
      ["per-task overhead max", millis(Math.max(...overhead)), ""],
      ["agent time p50", millis(percentile(agentTimes, 50)), ""],
      ["startup", millis(created - run.startedAt), "spawn to run created (snapshot, plan)"],
      ["run created to first task", millis(first - created), ""],
      ["attempt phase", seconds(phase), "first task started to last task finished"],
      [
        "slot utilisation",
        `${((100 * attemptTotal) / (phase * flags.concurrency)).toFixed(0)} %`,
        "total attempt time / (attempt phase * concurrency)",
      ],
      ["last task finished to exit", millis(run.exitedAt - last), "assembly + sync tail"],
    ];
    if (cpuBefore !== undefined && cpuAfter !== undefined) {
      const cpu = cpuAfter - cpuBefore;
      rows.push(
        ["CPU", seconds(cpu), "user + system of `armada run` and every process it started"],
        ["CPU per task", millis(cpu / status.tasks.length), ""],
      );
    }
    process.stdout.write(`${formatTable(rows, ["left", "right", "left"])}\n`);
    if (run.code !== 0 || done.length !== status.tasks.length) {
      const failed = status.tasks.find((t) => t.state !== "completed");
      process.stderr.write(
        `\narmada run exited with code ${run.code}, run ${status.run.state}${failed ? `; task ${failed.id}: ${failed.error ?? failed.state}` : ""}\n${run.stderr}`,
      );
      return 1;
    }
    return 0;
  } finally {
    if (!flags.keep) repo.dispose();
  }
}

process.exitCode = await main();
