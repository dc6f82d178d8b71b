/**
 * The fleet benchmark: the throughput of one-file tasks whose agent sleeps, dispatched through
 * Redis to 1, 2 and 4 `armada worker` processes (--concurrency 25 each), against the local pool
 * at the same total concurrency, with the queue's overhead as the ratio queue / local.
 *
 *   npm run bench:fleet -- [--tasks 1000] [--workers 1,2,4] [--per-worker 25] [--sleep 0.2]
 *                          [--sandbox overlay|worktree]
 *
 * Every run is timed from the spawn of `armada run` to its exit; the workers are started (and
 * ready) before, on a fresh Redis, and stopped after. Each run gets a fresh generated repository.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  type RedisServer,
  redisMissing,
  startRedisServer,
} from "../src/test-support/redis-server.js";
import { childrenCpuMs } from "./support/children-cpu.js";
import { formatTable } from "./support/format-table.js";
import { type GeneratedRepo, generatedRepo } from "./support/generated-repo.js";
import { numberFlag } from "./support/number-flag.js";
import { CLI } from "./support/run-armada.js";

const USAGE = `usage: tsx bench/fleet.ts [--tasks n] [--workers n,n,...] [--per-worker n] [--sleep s] [--sandbox name]
  --tasks       files in each generated repository, one task each (default 1000)
  --workers     worker process counts to measure (default 1,2,4)
  --per-worker  --concurrency of each worker; the local run gets workers * this (default 25)
  --sleep       seconds each agent sleeps before its one-line change (default 0.2)
  --sandbox     the sandbox of the local run and of the workers: overlay or worktree (default overlay)
`;

interface StatusJson {
  run: { id: string; state: string; error: string | null; counts: Record<string, number> };
  tasks: {
    id: string;
    state: string;
    merge: string;
    worker: string | null;
    error: string | null;
    lastAttempt: { startedAt: string; durationMs: number | null } | null;
  }[];
}

interface Measure {
  /** Spawn of `armada run` to its exit. */
  wallMs: number;
  /** First attempt started to last attempt finished. */
  phaseMs: number;
  /** CPU of every process the measure started (the run; with the queue, the workers and Redis). */
  cpuMs: number | undefined;
  /** Tasks per worker name (queue runs). */
  perWorker: Map<string, number>;
  /** Why the run failed (some figures are then for a run that did not finish its work). */
  problem: string | undefined;
}

class BenchFailure extends Error {}

function parseFlags() {
  const { values } = parseArgs({
    options: {
      tasks: { type: "string", default: "1000" },
      workers: { type: "string", default: "1,2,4" },
      "per-worker": { type: "string", default: "25" },
      sleep: { type: "string", default: "0.2" },
      sandbox: { type: "string", default: "overlay" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (!["overlay", "worktree"].includes(values.sandbox))
    throw new Error("--sandbox must be overlay or worktree");
  return {
    tasks: Math.floor(numberFlag(values.tasks, "--tasks", 1)),
    workers: values.workers.split(",").map((w) => Math.floor(numberFlag(w, "--workers", 1))),
    perWorker: Math.floor(numberFlag(values["per-worker"], "--per-worker", 1)),
    sleep: numberFlag(values.sleep, "--sleep", 0),
    sandbox: values.sandbox,
  };
}

// Everything started here, so that a failure or Ctrl-C leaves nothing behind.
const children = new Set<ChildProcess>();
const servers = new Set<RedisServer>();
const dirs = new Set<string>();

async function cleanUp(): Promise<void> {
  for (const child of children) child.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const child of children) child.kill("SIGKILL");
  }, 10_000);
  await Promise.all([...children].map(exited));
  clearTimeout(timer);
  await Promise.all([...servers].map((s) => s.stop().catch(() => {})));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping workers and Redis, removing temporary folders\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("close", () => resolve()));
}

/** `armada <args>` with its output in `log`; resolves with its exit code and times. */
function armada(
  args: string[],
  cwd: string,
  log: string,
): { child: ChildProcess; done: Promise<{ code: number; startedAt: number; exitedAt: number }> } {
  const fd = openSync(log, "a");
  const startedAt = Date.now();
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  children.add(child);
  const done = new Promise<{ code: number; startedAt: number; exitedAt: number }>(
    (resolve, reject) => {
      child.once("error", reject);
      child.once("close", (code, signal) => {
        children.delete(child);
        resolve({ code: code ?? (signal ? 128 : 1), startedAt, exitedAt: Date.now() });
      });
    },
  );
  return { child, done };
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no output)";
  }
}

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new BenchFailure(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Starts `n` workers on `url` and waits until each has said it listens on the queue. */
async function startWorkers(
  n: number,
  url: string,
  flags: ReturnType<typeof parseFlags>,
  dir: string,
): Promise<{ child: ChildProcess; log: string }[]> {
  const workers = Array.from({ length: n }, (_, i) => {
    const log = path.join(dir, `worker${i + 1}.log`);
    const args = [
      "worker",
      "--redis",
      url,
      "--concurrency",
      String(flags.perWorker),
      "--sandbox",
      flags.sandbox,
      "--allow-agents",
      "command",
      "--cache",
      path.join(dir, `cache${i + 1}`),
      "--name",
      `w${i + 1}`,
      "--grace",
      "5s",
    ];
    const { child, done } = armada(args, dir, log);
    void done.catch(() => {});
    return { child, log };
  });
  for (const w of workers) {
    await until(
      () => {
        if (w.child.exitCode !== null)
          throw new BenchFailure(`worker exited with ${w.child.exitCode}:\n${tail(w.log)}`);
        return / worker \S+ on /.test(readFileSync(w.log, "utf8"));
      },
      30_000,
      `worker ${w.log} to start`,
    );
  }
  return workers;
}

async function stopWorkers(workers: { child: ChildProcess }[]): Promise<void> {
  for (const { child } of workers) child.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const { child } of workers) child.kill("SIGKILL");
  }, 15_000);
  await Promise.all(workers.map(({ child }) => exited(child)));
  clearTimeout(timer);
}

async function status(repo: string, dir: string): Promise<StatusJson> {
  const out = path.join(dir, "status.json");
  rmSync(out, { force: true });
  const { done } = armada(["status", "--json"], repo, out);
  const { code } = await done;
  if (code !== 0) throw new BenchFailure(`armada status failed (${code}):\n${tail(out)}`);
  return JSON.parse(readFileSync(out, "utf8")) as StatusJson;
}

/** Why the run does not count as a success (exit 0, every task completed and merged), if it does not. */
function problemOf(code: number, s: StatusJson, tasks: number, log: string): string | undefined {
  const merged = s.tasks.filter((t) => t.state === "completed" && t.merge === "merged").length;
  if (code === 0 && s.run.state === "completed" && merged === tasks && s.tasks.length === tasks)
    return undefined;
  const bad = s.tasks.filter((t) => t.state !== "completed" || t.merge !== "merged");
  const errors = new Map<string, { n: number; example: string }>();
  for (const t of bad) {
    const key = `${t.state}/${t.merge}: ${t.error?.trim() ?? "(no error)"}`;
    const seen = errors.get(key);
    errors.set(key, { n: (seen?.n ?? 0) + 1, example: seen?.example ?? t.id });
  }
  const lines = [...errors].map(([e, { n, example }]) => `    ${n} x ${e} (e.g. ${example})`);
  return [
    `armada run exited ${code}, run ${s.run.state}, ${merged}/${tasks} tasks merged, counts ${JSON.stringify(s.run.counts)}`,
    ...lines,
    ...(bad.length === 0 ? [tail(log)] : []),
  ].join("\n");
}

function phaseOf(s: StatusJson): number {
  const spans = s.tasks.flatMap((t) => {
    const a = t.lastAttempt;
    if (!a || a.durationMs === null) return [];
    const start = Date.parse(a.startedAt);
    return [[start, start + a.durationMs] as const];
  });
  return Math.max(...spans.map(([, end]) => end)) - Math.min(...spans.map(([start]) => start));
}

async function measure(
  flags: ReturnType<typeof parseFlags>,
  workers: number,
  queue: boolean,
): Promise<Measure> {
  const label = `${queue ? "queue" : "local"}, ${workers} worker(s)`;
  const dir = mkdtempSync(path.join(tmpdir(), "armada-bench-fleet-"));
  dirs.add(dir);
  let repo: GeneratedRepo | undefined;
  let redis: RedisServer | undefined;
  let pool: { child: ChildProcess; log: string }[] = [];
  try {
    repo = generatedRepo(flags.tasks);
    dirs.add(repo.root);
    const cpuBefore = childrenCpuMs();
    const concurrency = workers * flags.perWorker;
    const args = [
      "run",
      "bench",
      "--each",
      "src/*.js",
      "--agent-cmd",
      `sleep ${flags.sleep}; echo x >> {files}`,
      "--concurrency",
      String(concurrency),
      "--sandbox",
      flags.sandbox,
      "--retries",
      "0",
      "--yes",
      "--no-apply",
    ];
    if (queue) {
      redis = await startRedisServer();
      servers.add(redis);
      pool = await startWorkers(workers, redis.url, flags, dir);
      args.push("--cloud", redis.url);
    }
    const log = path.join(dir, "run.log");
    const run = await armada(args, repo.root, log).done;
    await stopWorkers(pool);
    if (redis) {
      await redis.stop();
      servers.delete(redis);
    }
    const cpuAfter = childrenCpuMs();
    const s = await status(repo.root, dir);
    const problem = problemOf(run.code, s, flags.tasks, log);
    const perWorker = new Map<string, number>();
    for (const t of s.tasks)
      if (t.worker) perWorker.set(t.worker, (perWorker.get(t.worker) ?? 0) + 1);
    return {
      wallMs: run.exitedAt - run.startedAt,
      phaseMs: phaseOf(s),
      cpuMs: cpuBefore !== undefined && cpuAfter !== undefined ? cpuAfter - cpuBefore : undefined,
      perWorker,
      problem: problem && `${label}: ${problem}`,
    };
  } catch (error) {
    if (error instanceof BenchFailure && pool.length > 0)
      error.message += `\n${pool.map((w) => `--- ${path.basename(w.log)}\n${tail(w.log, 5)}`).join("\n")}`;
    throw error;
  } finally {
    await stopWorkers(pool);
    if (redis) {
      await redis.stop().catch(() => {});
      servers.delete(redis);
    }
    repo?.dispose();
    if (repo) dirs.delete(repo.root);
    rmSync(dir, { recursive: true, force: true });
    dirs.delete(dir);
  }
}

const rate = (tasks: number, ms: number): string => (tasks / (ms / 1000)).toFixed(1);
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
/** A figure, starred when a run behind it failed. */
const figure = (text: string, ...runs: Measure[]): string =>
  runs.some((m) => m.problem) ? `${text}*` : text;
const cpu = (ms: number | undefined): string => (ms === undefined ? "?" : secs(ms));

async function main(): Promise<number> {
  const flags = parseFlags();
  const missing = redisMissing();
  if (missing) {
    process.stderr.write(`bench:fleet needs a real Redis: ${missing}\n`);
    return 1;
  }
  process.stdout.write(
    `${flags.tasks} one-file tasks, agent 'sleep ${flags.sleep}; echo x >> {files}', sandbox ${flags.sandbox}, ` +
      `--retries 0 --no-apply; workers at --concurrency ${flags.perWorker} each, the local run at the same total\n\n`,
  );
  const rows: string[][] = [
    ["workers", "concurrency", "ideal", "local tasks/s", "queue tasks/s", "queue/local"],
  ];
  const detail: string[][] = [
    [
      "workers",
      "mode",
      "wall",
      "tasks/s",
      "dispatch phase",
      "phase tasks/s",
      "CPU",
      "tasks per worker",
    ],
  ];
  const problems: string[] = [];
  for (const n of flags.workers) {
    const concurrency = n * flags.perWorker;
    const idealMs = (flags.tasks * flags.sleep * 1000) / concurrency;
    const results: Partial<Record<"local" | "queue", Measure>> = {};
    for (const mode of ["local", "queue"] as const) {
      process.stdout.write(`  ${n} worker(s), ${mode}, concurrency ${concurrency} ... `);
      try {
        const m = await measure(flags, n, mode === "queue");
        results[mode] = m;
        process.stdout.write(`${secs(m.wallMs)}${m.problem ? " FAILED" : ""}\n`);
        if (m.problem) problems.push(m.problem);
        detail.push([
          String(n),
          mode,
          secs(m.wallMs),
          figure(rate(flags.tasks, m.wallMs), m),
          secs(m.phaseMs),
          figure(rate(flags.tasks, m.phaseMs), m),
          cpu(m.cpuMs),
          [...m.perWorker.entries()]
            .sort()
            .map(([w, c]) => `${w}:${c}`)
            .join(" "),
        ]);
      } catch (error) {
        process.stdout.write("FAILED\n");
        problems.push(
          `${mode}, ${n} worker(s): ${error instanceof BenchFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
    }
    const { local, queue } = results;
    rows.push([
      String(n),
      String(concurrency),
      `${secs(idealMs)} = ${rate(flags.tasks, idealMs)}/s`,
      local ? figure(rate(flags.tasks, local.wallMs), local) : "FAILED",
      queue ? figure(rate(flags.tasks, queue.wallMs), queue) : "FAILED",
      local && queue ? figure((local.wallMs / queue.wallMs).toFixed(2), local, queue) : "-",
    ]);
  }
  process.stdout.write(
    `\nTasks per second, spawn of \`armada run\` to exit (ideal: tasks * ${flags.sleep} s / concurrency):\n` +
      `${formatTable(rows, ["right", "right", "right", "right", "right", "right"])}\n\n` +
      "Each run (dispatch phase: first attempt started to last attempt finished; CPU: the run, and with the queue its workers and Redis):\n" +
      `${formatTable(detail, ["right", "left", "right", "right", "right", "right", "right", "left"])}\n`,
  );
  if (problems.length > 0) {
    process.stdout.write(
      `\nFAILED: ${problems.length} run(s) did not complete with every task merged; their figures carry a * :\n${problems.map((p) => `  ${p}`).join("\n")}\n`,
    );
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main();
} finally {
  await cleanUp();
}
