import { readdir, readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { type Job, UnrecoverableError, WaitingError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { createAgent } from "../agents/index.js";
import { loadConfig } from "../config/index.js";
import type { AttemptResult } from "../core/dispatcher-port.js";
import type { SandboxDriver, SandboxSettings } from "../core/sandbox-port.js";
import { runAttempt } from "../dispatch/index.js";
import { createModelHub, type ModelHub } from "../models/index.js";
import {
  checkSandbox,
  createSandboxDriver,
  DEFAULT_SANDBOX_SETTINGS,
  defaultSandbox,
} from "../sandbox/index.js";
import { buildSetupLayer } from "../setup/index.js";
import { refusalOf } from "./allowed-agents.js";
import {
  type AttemptJobProgress,
  type AttemptJobResult,
  FLEET_PROTOCOL,
  readAttemptJob,
  transcriptPathOf,
} from "./attempt-job.js";
import { writeBundle } from "./bundle.js";
import type { CodeStore } from "./code-store.js";
import { connectRedis } from "./connect-redis.js";
import { progressReporter } from "./progress-reporter.js";
import { CANCEL_CHANNEL, cancelKey, QUEUE_PREFIX, queuesServed } from "./queue-names.js";
import type { RedisTarget } from "./redis-target.js";
import { slots } from "./slots.js";
import { openWorkerCache } from "./worker-cache.js";
import { healthLine, type WorkerCounts } from "./worker-health.js";
import { announceWorker, withdrawWorker } from "./worker-roster.js";

/** A run's sandboxes (a worktree pool, a materialised base) go once it sent nothing for this long. */
const RUN_IDLE_MS = 10 * 60_000;

export interface WorkerSettings {
  target: RedisTarget;
  /** How the worker is shown on the master's dashboard (default: host name and cache slot). */
  name: string | undefined;
  concurrency: number;
  /** Default: overlay where this machine allows it, else worktree (with a warning). */
  sandbox: string | undefined;
  /** The docker sandbox's image when the run names none. */
  image: string | undefined;
  labels: string[];
  allowAgents: string[];
  /** Folder of the worker caches; each worker process takes a slot below it. */
  cacheBase: string;
  code: (redis: Redis) => CodeStore;
  /** A worker silent this long (killed, cut off) has its attempts taken by others. */
  stallMs: number;
  /** On SIGTERM, running attempts get this long to finish before they are handed back. */
  graceMs: number;
  healthEveryMs: number;
  log: (line: string) => void;
}

export interface RunningWorker {
  name: string;
  sandbox: string;
  queues: string[];
  cacheDir: string;
  /** Takes no new attempts; waits for the running ones up to the grace, hands back the rest. */
  stop(): Promise<void>;
  /** Hands running attempts back at once. */
  stopNow(): Promise<void>;
}

/** How long stopping may take past the grace: closing the queues, handing attempts back. */
const STOP_SLACK_MS = 4_000;

function cancelled(error: string): AttemptResult {
  return { state: "cancelled", error, changed: [], outOfScope: [], logTail: "", agentMs: 0 };
}

function setupFailed(error: string): AttemptResult {
  return { state: "failed", error, changed: [], outOfScope: [], logTail: error, agentMs: 0 };
}

/**
 * Serves attempts from the queues of the worker's labels: fetches the code it lacks, runs
 * each attempt in a local sandbox with an allowed agent, and returns the result with its
 * change as a bundle in the code store.
 */
export async function startWorker(settings: WorkerSettings): Promise<RunningWorker> {
  const { log } = settings;
  const redis = await connectRedis(settings.target);
  redis.on("error", () => {
    // ioredis reconnects by itself; the health line says when Redis is away.
  });
  const cache = await openWorkerCache(settings.cacheBase);
  const name = settings.name ?? `${hostname()}-${cache.slot}`;
  const code = settings.code(redis);
  const choice = settings.sandbox ? { name: settings.sandbox } : defaultSandbox(cache.repo.gitDir);
  if ("warning" in choice && choice.warning) log(`warning: ${choice.warning}`);
  const sandbox = choice.name;
  const own = { ...DEFAULT_SANDBOX_SETTINGS, image: settings.image };
  await checkSandbox(sandbox, cache.repo, own);
  const drivers = new Map<string, SandboxDriver>();
  const driverFor = (asked: SandboxSettings): SandboxDriver => {
    const sandboxSettings = { ...asked, image: asked.image ?? settings.image };
    const key = JSON.stringify(sandboxSettings);
    let driver = drivers.get(key);
    if (!driver) {
      driver = createSandboxDriver(sandbox, cache.repo, sandboxSettings);
      drivers.set(key, driver);
    }
    return driver;
  };
  // A worker killed before may have left sandboxes in this slot.
  const leftover = await readdir(path.join(cache.repo.gitDir, "armada", "runs")).catch(
    () => [] as string[],
  );
  for (const runId of leftover) await driverFor(own).sweep(runId);
  await rm(path.join(cache.dir, "logs"), { recursive: true, force: true });

  const { config } = await loadConfig(cache.repo.root);
  // The worker's own configuration wins over the model server the master names.
  const hubs = new Map<string, ModelHub>();
  const modelsFor = (baseUrl: string | undefined): ModelHub => {
    const url = config.baseUrl ?? baseUrl;
    let hub = hubs.get(url ?? "");
    if (!hub) {
      hub = createModelHub({ config, baseUrl: url });
      hubs.set(url ?? "", hub);
    }
    return hub;
  };
  const controllers = new Map<string, AbortController>();
  const runsSeen = new Map<string, number>();
  const counts: WorkerCounts = { running: 0, succeeded: 0, failed: 0, cancelled: 0, refused: 0 };
  const limit = slots(settings.concurrency);
  let handBack = false;

  const subscriber = redis.duplicate();
  subscriber.on("error", () => undefined);
  await subscriber.subscribe(CANCEL_CHANNEL);
  subscriber.on("message", (_channel: string, jobId: string) => {
    const controller = controllers.get(jobId);
    if (controller) {
      log(`attempt ${jobId}: cancelled on request`);
      controller.abort();
    }
  });

  const perform = async (job: Job, token?: string): Promise<AttemptJobResult> => {
    const jobId = job.id ?? "";
    const read = readAttemptJob(job.data);
    if (typeof read === "string") {
      counts.refused++;
      throw new UnrecoverableError(`worker ${name} cannot run this attempt: ${read}`);
    }
    const { spec } = read;
    const refusal = refusalOf(spec, settings.allowAgents);
    if (refusal) {
      counts.refused++;
      log(`attempt ${jobId}: refused: ${refusal}`);
      throw new UnrecoverableError(`worker ${name} refused the attempt: ${refusal}`);
    }
    const controller = new AbortController();
    controllers.set(jobId, controller);
    const reporter = progressReporter((p: AttemptJobProgress) => job.updateProgress(p));
    await limit.acquire();
    counts.running++;
    rebalance();
    runsSeen.set(spec.runId, Date.now());
    try {
      if (await redis.exists(cancelKey(jobId))) {
        counts.cancelled++;
        return { protocol: FLEET_PROTOCOL, worker: name, result: cancelled("cancelled") };
      }
      reporter.report({ worker: name });
      log(`attempt ${jobId}: started (${spec.agent})`);
      await cache.ensure(read.code, code);
      const logPath = path.join(cache.dir, "logs", spec.runId, `${jobId}.log`);
      let asked = read.settings;
      if (read.setup) {
        // Built once per key on this worker (a build under way is waited for), then cached.
        const built = await buildSetupLayer({
          repoRoot: cache.repo.root,
          driver: driverFor(read.settings),
          image: read.settings.image ?? settings.image,
          start: spec.startCommit,
          runId: spec.runId,
          setup: read.setup,
          timeoutMs: spec.timeoutMs,
          signal: controller.signal,
          onOutput: (chunk) => reporter.log(chunk),
        }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        if (built instanceof Error) {
          log(`attempt ${jobId}: setup failed (${built.message.split("\n")[0]})`);
          counts.failed++;
          return {
            protocol: FLEET_PROTOCOL,
            worker: name,
            result: setupFailed(`setup failed on worker ${name}: ${built.message}`),
          };
        }
        if (!built.cached)
          log(`setup built for run ${spec.runId} (${built.layer.paths.join(", ")})`);
        reporter.log(
          Buffer.from(
            `armada: setup's layer ${built.cached ? "found on" : "built by"} worker ${name}: ${built.layer.paths.join(", ") || "nothing new"}\n`,
          ),
        );
        asked = { ...read.settings, layer: built.layer };
      }
      const result = await runAttempt(
        { ...spec, sandbox, logPath },
        {
          signal: controller.signal,
          onProgress: (progress) => {
            if (progress.kind === "phase") reporter.report({ phase: progress.phase });
            else if (progress.kind === "answered") reporter.report({ answered: true });
          },
          onLog: (chunk) => reporter.log(chunk),
        },
        cache.repo.root,
        () => driverFor(asked),
        (attempt) =>
          createAgent(attempt.agent, {
            agentCommand: attempt.agentCommand,
            model: attempt.model,
            maxSteps: attempt.maxSteps,
            fixTurns: attempt.fixTurns,
            models: modelsFor(attempt.baseUrl),
            agents: config.agents,
          }),
      );
      await reporter.flush();
      if (handBack && controller.signal.aborted) {
        log(`attempt ${jobId}: handed back to the queue`);
        await job.moveToWait(token);
        throw new WaitingError();
      }
      if (result.commit && result.commit !== spec.startCommit) {
        await code.put(
          result.commit,
          await writeBundle(cache.repo.root, result.commit, [spec.startCommit]),
        );
      }
      const transcript = await readFile(transcriptPathOf(logPath)).catch(() => undefined);
      if (transcript) await code.put(`transcript:${jobId}`, transcript);
      counts[result.state === "timeout" ? "failed" : result.state]++;
      log(
        `attempt ${jobId}: ${result.state}${result.error ? ` (${result.error.split("\n")[0]})` : ""}`,
      );
      return {
        protocol: FLEET_PROTOCOL,
        worker: name,
        result,
        ...(transcript ? { transcript: `transcript:${jobId}` } : {}),
      };
    } finally {
      controllers.delete(jobId);
      counts.running--;
      limit.release();
      rebalance();
      runsSeen.set(spec.runId, Date.now());
    }
  };

  const queues = queuesServed(settings.labels);
  const workers = queues.map(
    (queue) =>
      new Worker(queue, perform, {
        connection: settings.target.options,
        prefix: QUEUE_PREFIX,
        name,
        concurrency: settings.concurrency,
        lockDuration: settings.stallMs,
        stalledInterval: settings.stallMs,
        maxStalledCount: 2,
      }),
  );
  for (const worker of workers) worker.on("error", () => undefined);

  /**
   * A worker of several queues keeps its limit over all of them: each queue may take only the
   * slots the others leave free (at least one, which then waits for a slot).
   */
  function rebalance(): void {
    if (workers.length < 2) return;
    const free = Math.max(1, settings.concurrency - limit.busy);
    for (const worker of workers) worker.concurrency = free;
  }

  const sweepIdle = async (all: boolean): Promise<void> => {
    for (const [runId, seen] of runsSeen) {
      if (!all && Date.now() - seen < RUN_IDLE_MS) continue;
      if ([...controllers.keys()].some((id) => id.startsWith(`${runId}.`))) continue;
      runsSeen.delete(runId);
      for (const driver of drivers.values()) await driver.sweep(runId).catch(() => 0);
      // The master holds the logs: they were streamed to it as they were written.
      await rm(path.join(cache.dir, "logs", runId), { recursive: true, force: true });
    }
  };

  const started = Date.now();
  // Masters read it to refuse a run whose agent no connected worker allows.
  const rosterTtl = Math.max(60, Math.ceil((3 * settings.healthEveryMs) / 1000));
  const announce = (): Promise<void> =>
    announceWorker(redis, name, { allowAgents: settings.allowAgents }, rosterTtl).catch(
      () => undefined,
    );
  await announce();
  const health = setInterval(() => {
    void announce();
    log(
      healthLine(name, counts, settings.concurrency, {
        redis: redis.status,
        cache: cache.fetched(),
        uptimeMs: Date.now() - started,
      }),
    );
    void sweepIdle(false);
  }, settings.healthEveryMs);

  let stopping: Promise<void> | undefined;
  const stop = (graceMs: number): Promise<void> => {
    if (graceMs === 0) {
      handBack = true;
      for (const controller of controllers.values()) controller.abort();
    }
    stopping ??= (async () => {
      log(
        `stopping: no new attempts; ${counts.running} running ${counts.running === 1 ? "gets" : "get"} ${Math.round(graceMs / 1000)} s to finish, then ${counts.running === 1 ? "goes" : "go"} back to the queue`,
      );
      const grace = setTimeout(() => {
        handBack = true;
        for (const controller of controllers.values()) controller.abort();
      }, graceMs);
      clearInterval(health);
      const closing = (async () => {
        await Promise.all(workers.map((w) => w.close()));
        await withdrawWorker(redis, name).catch(() => undefined);
        await subscriber.quit();
        await redis.quit();
      })().then(
        () => true,
        () => false,
      );
      // Closing waits on Redis; one that does not answer must not keep the worker alive.
      let deadline: NodeJS.Timeout | undefined;
      const answered = await Promise.race([
        closing,
        new Promise<false>((resolve) => {
          deadline = setTimeout(() => resolve(false), graceMs + STOP_SLACK_MS);
        }),
      ]);
      clearTimeout(deadline);
      clearTimeout(grace);
      if (!answered) {
        for (const controller of controllers.values()) controller.abort();
        subscriber.disconnect();
        redis.disconnect();
        // Not awaited: a forced close still waits on its own connections to Redis.
        for (const w of workers) void w.close(true).catch(() => undefined);
        log(
          counts.running === 0
            ? `Redis did not answer (${redis.status}): stopped; no attempt was running`
            : `Redis did not answer (${redis.status}): stopped without handing ${counts.running} running attempt(s) back; the queue gives them to another worker once their lock expires`,
        );
      }
      await sweepIdle(true);
      cache.release();
      log(
        healthLine(name, counts, settings.concurrency, {
          redis: "closed",
          cache: cache.fetched(),
          uptimeMs: Date.now() - started,
        }),
      );
    })();
    return stopping;
  };

  return {
    name,
    sandbox,
    queues,
    cacheDir: cache.dir,
    stop: () => stop(settings.graceMs),
    stopNow: () => stop(0),
  };
}
