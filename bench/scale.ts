/**
 * The scale benchmark (issue 20): the same one-file agent over runs of 200, 2,000, 10,000 and
 * 100,000 tasks, and how the master's rate, memory and start-up hold as the plan grows.
 *
 *   npm run bench:scale -- [--sizes 200,2000,10000] [--measure 2000] [--concurrency 32]
 *                          [--sandbox overlay|worktree] [--dirs <dir>,<dir>]
 *
 * Each size gets a fresh generated repository (in each of --dirs: by default the temporary
 * folder on the disk and /dev/shm) and one `armada run --each 'src/*.js' --yes --no-apply`.
 * A run larger than --measure is measured over its first --measure completed tasks and then
 * cancelled (Ctrl-C, as a user would). The bench polls the run's store (read-only) and the
 * master's /proc entry; it asserts nothing.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { childrenCpuMs } from "./support/children-cpu.js";
import { formatTable } from "./support/format-table.js";
import { generatedRepo } from "./support/generated-repo.js";
import { numberFlag } from "./support/number-flag.js";
import { CLI } from "./support/run-armada.js";

const USAGE = `usage: tsx bench/scale.ts [--sizes n,n,...] [--measure n] [--concurrency n] [--sandbox name] [--dirs d,d]
  --sizes        tasks per run, one generated file each (default 200,2000,10000)
  --measure      a larger run is measured over this many completed tasks, then cancelled (default 2000)
  --concurrency  attempts at once (default 32)
  --sandbox      overlay or worktree (default overlay)
  --agent-cmd    each agent's command (default: echo y >> {files})
  --dirs         where the repositories live (default: the temporary folder, and /dev/shm)
  --per-folder   put the files in folders of this many (src/d00/f000.js) instead of all in src/
`;

function parseFlags() {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "200,2000,10000" },
      measure: { type: "string", default: "2000" },
      concurrency: { type: "string", default: "32" },
      sandbox: { type: "string", default: "overlay" },
      "agent-cmd": { type: "string", default: "echo y >> {files}" },
      dirs: { type: "string" },
      "per-folder": { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const dirs = values.dirs?.split(",") ?? [
    tmpdir(),
    ...(existsSync("/dev/shm") ? ["/dev/shm"] : []),
  ];
  return {
    sizes: values.sizes.split(",").map((s) => Math.floor(numberFlag(s, "--sizes", 1))),
    measure: Math.floor(numberFlag(values.measure, "--measure", 1)),
    concurrency: Math.floor(numberFlag(values.concurrency, "--concurrency", 1)),
    sandbox: values.sandbox,
    agentCmd: values["agent-cmd"],
    perFolder:
      values["per-folder"] === undefined
        ? undefined
        : Math.floor(numberFlag(values["per-folder"], "--per-folder", 1)),
    dirs,
  };
}

interface Measure {
  size: number;
  /** Tasks the rate is measured over. */
  counted: number;
  /** First attempt started to the counted-th task finished. */
  phaseMs: number;
  spawnToCreatedMs: number;
  createdToFirstAgentMs: number;
  peakRssMiB: number;
  cpuMs: number | undefined;
  /** Tasks completed by the time the run exited. */
  completed: number;
  /** `armada status` and `armada status --json` on the run once it has ended. */
  statusMs: number;
  statusJsonMs: number;
  problem: string | undefined;
}

/** How long an armada command takes from spawn to exit, in ms (NaN when it fails). */
function timed(args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    stdio: "ignore",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return result.status === 0 ? performance.now() - started : Number.NaN;
}

/** Peak resident memory (VmHWM) of a live process, in MiB. */
function peakRss(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

interface StoreView {
  createdAt?: number;
  firstStart?: number;
  /** Finish times of completed tasks, in order. */
  finishes: number[];
}

function readStore(dbFile: string): StoreView | undefined {
  if (!existsSync(dbFile)) return undefined;
  const db = new Database(dbFile, { readonly: true, fileMustExist: true, timeout: 5000 });
  try {
    const run = db
      .prepare("SELECT id, created_at FROM runs ORDER BY created_at DESC LIMIT 1")
      .get() as { id: string; created_at: number } | undefined;
    if (!run) return undefined;
    const first = db
      .prepare("SELECT MIN(started_at) AS t FROM attempts WHERE run_id = ?")
      .get(run.id) as { t: number | null };
    const finishes = (
      db
        .prepare(
          "SELECT finished_at FROM tasks WHERE run_id = ? AND state = 'completed' ORDER BY finished_at",
        )
        .all(run.id) as { finished_at: number }[]
    ).map((r) => r.finished_at);
    return {
      createdAt: run.created_at,
      firstStart: first.t ?? undefined,
      finishes,
    };
  } finally {
    db.close();
  }
}

async function measure(
  size: number,
  dir: string,
  flags: ReturnType<typeof parseFlags>,
): Promise<Measure> {
  const repo = generatedRepo(size, dir, flags.perFolder);
  try {
    const dbFile = path.join(repo.root, ".git", "armada", "armada.db");
    const cpuBefore = childrenCpuMs();
    const startedAt = Date.now();
    const child = spawn(
      process.execPath,
      [
        CLI,
        "run",
        "scale",
        "--each",
        flags.perFolder ? "src/**/*.js" : "src/*.js",
        "--agent-cmd",
        flags.agentCmd,
        "--concurrency",
        String(flags.concurrency),
        "--sandbox",
        flags.sandbox,
        "--yes",
        "--no-apply",
      ],
      {
        cwd: repo.root,
        env: { ...process.env, NO_COLOR: "1" },
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const exited = new Promise<number>((resolve) =>
      child.on("close", (code) => resolve(code ?? 1)),
    );
    let peak = 0;
    let done = false;
    void exited.then(() => {
      done = true;
    });
    let interrupted = false;
    while (!done) {
      await new Promise((r) => setTimeout(r, 500));
      if (child.pid) peak = Math.max(peak, peakRss(child.pid) ?? 0);
      if (!interrupted && size > flags.measure) {
        const view = readStore(dbFile);
        if (view && view.finishes.length >= flags.measure) {
          interrupted = true;
          child.kill("SIGINT");
        }
      }
    }
    const code = await exited;
    const cpuAfter = childrenCpuMs();
    const statusMs = timed(["status"], repo.root);
    const statusJsonMs = timed(["status", "--json"], repo.root);
    const view = readStore(dbFile);
    const counted = Math.min(size, flags.measure, view?.finishes.length ?? 0);
    const last = view?.finishes[counted - 1];
    const firstStart = view?.firstStart;
    const createdAt = view?.createdAt;
    const problem =
      !interrupted && code !== 0
        ? `exit ${code}: ${stderr.trim().split("\n").slice(-3).join(" / ")}`
        : counted < Math.min(size, flags.measure)
          ? `only ${counted} tasks completed`
          : undefined;
    return {
      size,
      counted,
      phaseMs: last !== undefined && firstStart !== undefined ? last - firstStart : Number.NaN,
      spawnToCreatedMs: createdAt !== undefined ? createdAt - startedAt : Number.NaN,
      createdToFirstAgentMs:
        createdAt !== undefined && firstStart !== undefined ? firstStart - createdAt : Number.NaN,
      peakRssMiB: peak,
      cpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
      completed: view?.finishes.length ?? 0,
      statusMs,
      statusJsonMs,
      problem,
    };
  } finally {
    repo.dispose();
  }
}

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : "-");

async function main(): Promise<number> {
  const flags = parseFlags();
  process.stdout.write(
    `armada run scale --each '${flags.perFolder ? "src/**/*.js" : "src/*.js"}' --agent-cmd '${flags.agentCmd}' --concurrency ${flags.concurrency} --sandbox ${flags.sandbox} --yes --no-apply\n` +
      `runs over ${flags.measure} tasks are measured over their first ${flags.measure} completed tasks, then cancelled\n`,
  );
  let failed = false;
  for (const dir of flags.dirs) {
    const results: Measure[] = [];
    for (const size of flags.sizes) {
      process.stderr.write(`${dir}: ${size} tasks...\n`);
      results.push(await measure(size, dir, flags));
    }
    const base = results[0];
    const rate = (m: Measure): number => (m.counted / m.phaseMs) * 1000;
    const rows = results.map((m) => [
      String(m.size),
      String(m.counted),
      fixed(rate(m), 2),
      base ? fixed(rate(m) / rate(base), 2) : "-",
      fixed(m.peakRssMiB, 0),
      fixed(m.spawnToCreatedMs / 1000, 2),
      fixed(m.createdToFirstAgentMs / 1000, 2),
      m.cpuMs !== undefined ? fixed(m.cpuMs / Math.max(1, m.completed), 0) : "-",
      fixed(m.statusMs / 1000, 2),
      fixed(m.statusJsonMs / 1000, 2),
      m.problem ?? "",
    ]);
    process.stdout.write(
      `\n${dir}${dir === "/dev/shm" ? " (tmpfs)" : " (disk)"}\n${formatTable(
        [
          [
            "tasks",
            "measured",
            "tasks/s",
            `ratio to ${base?.size ?? "-"}`,
            "peak RSS MiB",
            "spawn to run s",
            "run to 1st agent s",
            "CPU/task ms",
            "status s",
            "--json s",
            "problem",
          ],
          ...rows,
        ],
        [
          "right",
          "right",
          "right",
          "right",
          "right",
          "right",
          "right",
          "right",
          "right",
          "right",
          "left",
        ],
      )}\n`,
    );
    if (results.some((m) => m.problem)) failed = true;
  }
  process.stdout.write(
    "\ntasks/s: over the measured tasks, from the first attempt's start to the last one's end. peak RSS: the master's.\n" +
      "CPU/task: the run's CPU and that of every process it started (git, sandboxes, agents), start-up and cancelling included, per completed task.\nstatus s, --json s: `armada status` and `armada status --json` on the run once it ended, spawn to exit.\n",
  );
  return failed ? 1 : 0;
}

process.exitCode = await main();
