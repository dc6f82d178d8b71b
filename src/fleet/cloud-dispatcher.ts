import { createWriteStream, mkdirSync, type WriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { type Job, Queue, QueueEvents } from "bullmq";
import type { Redis } from "ioredis";
import type {
  AttemptHooks,
  AttemptResult,
  AttemptSpec,
  Dispatcher,
} from "../core/dispatcher-port.js";
import type { SetupPlan } from "../core/records.js";
import type { SandboxSettings } from "../core/sandbox-port.js";
import { inspectChange } from "../dispatch/inspect-change.js";
import { commitChanges, isAncestor } from "../git/index.js";
import {
  type AttemptJob,
  type AttemptJobProgress,
  type AttemptJobResult,
  type CodeRef,
  FLEET_PROTOCOL,
  transcriptPathOf,
} from "./attempt-job.js";
import { readBundle, writeBundle } from "./bundle.js";
import type { CodeStore } from "./code-store.js";
import { CANCEL_CHANNEL, cancelKey, jobIdOf, QUEUE_PREFIX, queueFor } from "./queue-names.js";
import type { RedisTarget } from "./redis-target.js";

/** How often the master asks Redis about the jobs it waits for, besides listening to events. */
const RECONCILE_MS = 3000;
/** How long a cancelled attempt's worker has to say it stopped before the master moves on. */
const CANCEL_GRACE_MS = 15_000;
/** Finished jobs stay this long, so that a master resuming after a crash finds their results. */
const KEEP_JOBS_S = 7 * 24 * 3600;

export interface CloudDispatcherOptions {
  repoRoot: string;
  target: RedisTarget;
  /** Commands besides the queue's (cancels); the dispatcher closes it with itself. */
  redis: Redis;
  code: CodeStore;
  /** Labels every attempt of the run needs on its worker. */
  labels: string[];
  /** What the run's options ask of sandboxes; the worker applies them to its own driver. */
  settings: SandboxSettings;
  /** The run's setup, which each worker builds for itself. */
  setup?: SetupPlan | undefined;
  /** The run's base: bundles of later commits leave out what it holds. */
  baseOf: (runId: string) => string | undefined;
  /** A line about the fleet worth showing (a lost connection, a job Redis lost). */
  notice: (line: string) => void;
}

interface Pending {
  spec: AttemptSpec;
  hooks: AttemptHooks;
  queue: Queue;
  job: AttemptJob;
  resolve: (result: AttemptResult) => void;
  log: WriteStream | undefined;
  settling: boolean;
  /** The worker that said it took the attempt. */
  worker: string | undefined;
}

function failure(error: string): AttemptResult {
  return { state: "failed", error, changed: [], outOfScope: [], logTail: "", agentMs: 0 };
}

/**
 * Dispatches attempts to `armada worker` processes through BullMQ: one job per attempt (its id
 * names run, task and attempt, so adding it again reattaches), code as bundles in the code
 * store, results verified on the master before they are accepted, each exactly once.
 */
export function cloudDispatcher(options: CloudDispatcherOptions): Dispatcher {
  const { repoRoot, redis, code } = options;
  const connection = options.target.options;
  const queues = new Map<string, Queue>();
  const events: QueueEvents[] = [];
  const pending = new Map<string, Pending>();
  const published = new Map<string, Promise<void>>();

  const append = (entry: Pending, text: string): void => {
    if (!entry.log) {
      mkdirSync(path.dirname(entry.spec.logPath), { recursive: true });
      entry.log = createWriteStream(entry.spec.logPath, { flags: "a" });
    }
    entry.log.write(text);
  };

  const publish = (commit: string, prerequisites: string[]): Promise<void> => {
    let done = published.get(commit);
    if (!done) {
      // Written once per master rather than checked first: checking would read it whole.
      done = (async () => code.put(commit, await writeBundle(repoRoot, commit, prerequisites)))();
      published.set(commit, done);
      done.catch(() => published.delete(commit));
    }
    return done;
  };

  /** The bundles a worker needs for the attempt's start: the run's base, then the start itself. */
  const codeFor = async (spec: AttemptSpec): Promise<CodeRef[]> => {
    const base = options.baseOf(spec.runId) ?? spec.startCommit;
    const refs: CodeRef[] = [{ commit: base, prerequisites: [] }];
    if (spec.startCommit !== base) {
      const onBase = await isAncestor(repoRoot, base, spec.startCommit);
      refs.push({ commit: spec.startCommit, prerequisites: onBase ? [base] : [] });
    }
    for (const ref of refs) await publish(ref.commit, ref.prerequisites);
    return refs;
  };

  /** An llm agent's transcript goes where `armada logs --transcript` looks for it. */
  const keepTranscript = async (entry: Pending, payload: AttemptJobResult): Promise<void> => {
    if (!payload.transcript) return;
    const transcript = await code.get(payload.transcript);
    if (!transcript) return;
    await writeFile(transcriptPathOf(entry.spec.logPath), transcript);
    await code.delete(payload.transcript);
  };

  /** The worker's result, checked against what was asked: the change's parent is the start. */
  const accept = async (entry: Pending, payload: AttemptJobResult): Promise<AttemptResult> => {
    const { spec } = entry;
    if (payload.protocol !== FLEET_PROTOCOL || typeof payload.result?.state !== "string") {
      return failure(
        `worker ${String(payload.worker)} answered in fleet protocol ${String(payload.protocol)}, not ${FLEET_PROTOCOL}: run the same armada version on the master and the workers`,
      );
    }
    const result = payload.result;
    await keepTranscript(entry, payload);
    // The result may arrive before the worker's first report (events and the reconcile pass race).
    if (entry.worker !== payload.worker)
      entry.hooks.onProgress({ kind: "worker", name: payload.worker });
    append(entry, `\narmada: result from worker ${payload.worker}: ${result.state}\n`);
    if (!result.commit || result.commit === spec.startCommit) return result;
    const bundle = await code.get(result.commit);
    if (!bundle) {
      return failure(
        `the change of worker ${payload.worker} (${result.commit.slice(0, 12)}) is missing from the code store (${code.where})`,
      );
    }
    const commit = await readBundle(repoRoot, bundle);
    const { parents, changes } = await commitChanges(repoRoot, commit);
    if (commit !== result.commit || parents.join(" ") !== spec.startCommit) {
      return failure(
        `worker ${payload.worker} sent a change that does not start from ${spec.startCommit.slice(0, 12)} (its parents: ${parents.join(", ") || "none"}); it was not accepted`,
      );
    }
    await code.delete(commit);
    if (result.state !== "succeeded") return result;
    // The size only ranks best-of-N attempts: the worker's count is taken as it is.
    const verdict = await inspectChange(repoRoot, spec, commit, (line) => append(entry, line), {
      changes,
      size: result.changeSize,
    });
    if (verdict.rejected) {
      return { ...failure(verdict.rejected), commit, outOfScope: verdict.outOfScope };
    }
    return {
      ...result,
      changed: verdict.changed,
      outOfScope: verdict.outOfScope,
      changeSize: verdict.changeSize,
    };
  };

  /** Ends an attempt once, whatever reports its end first (an event, the reconcile pass, a cancel). */
  const settle = (jobId: string, outcome: () => Promise<AttemptResult>): void => {
    const entry = pending.get(jobId);
    if (!entry || entry.settling) return;
    entry.settling = true;
    void outcome()
      .catch((error: unknown) => failure(`armada could not accept the result: ${String(error)}`))
      .then((result) => {
        pending.delete(jobId);
        entry.log?.end();
        entry.resolve(result);
      });
  };

  const onFinished = (jobId: string, returnvalue: unknown, failedReason?: string): void => {
    settle(jobId, async () => {
      const entry = pending.get(jobId);
      if (!entry) return failure("no such attempt");
      if (failedReason !== undefined) {
        // The failure may be a bundle the store lost: the next attempt publishes it again.
        for (const ref of entry.job.code) published.delete(ref.commit);
        append(entry, `\narmada: the queue failed the attempt: ${failedReason}\n`);
        return failure(`the fleet could not run it: ${failedReason}`);
      }
      return accept(entry, returnvalue as AttemptJobResult);
    });
  };

  const onProgress = (jobId: string, data: unknown): void => {
    const entry = pending.get(jobId);
    if (!entry || entry.settling || typeof data !== "object" || data === null) return;
    const progress = data as AttemptJobProgress;
    if (progress.worker) {
      entry.worker = progress.worker;
      append(entry, `armada: worker ${progress.worker} took the attempt\n`);
      entry.hooks.onProgress({ kind: "worker", name: progress.worker });
    }
    if (progress.phase) entry.hooks.onProgress({ kind: "phase", phase: progress.phase });
    if (progress.answered) entry.hooks.onProgress({ kind: "answered" });
    if (progress.log) append(entry, progress.log);
  };

  const queueOf = (labels: string[]): Queue => {
    const name = queueFor(labels);
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection, prefix: QUEUE_PREFIX });
      queue.on("error", (error) => options.notice(`queue ${name}: ${error.message}`));
      const listener = new QueueEvents(name, { connection, prefix: QUEUE_PREFIX });
      listener.on("error", (error) => options.notice(`queue events: ${error.message}`));
      // An event only says where to look: the outcome is read from the job itself, which
      // BullMQ finishes once, under the lock of the worker holding it.
      listener.on("completed", ({ jobId }) => void reconcile(jobId).catch(() => undefined));
      listener.on("failed", ({ jobId }) => void reconcile(jobId).catch(() => undefined));
      listener.on("progress", ({ jobId, data }) => onProgress(jobId, data));
      queues.set(name, queue);
      events.push(listener);
    }
    return queue;
  };

  const add = (entry: Pending, jobId: string): Promise<Job> =>
    entry.queue.add("attempt", entry.job, {
      jobId,
      attempts: 1,
      removeOnComplete: { age: KEEP_JOBS_S },
      removeOnFail: { age: KEEP_JOBS_S },
    });

  /** Asks Redis where one job is: finished jobs are collected, jobs Redis lost are added again. */
  const reconcile = async (jobId: string): Promise<void> => {
    const entry = pending.get(jobId);
    if (!entry || entry.settling) return;
    const state = await entry.queue.getJobState(jobId);
    if (state === "unknown") {
      options.notice(`Redis lost attempt ${jobId}; queued again`);
      await publishAgain(entry);
      await add(entry, jobId);
      return;
    }
    if (state !== "completed" && state !== "failed") return;
    // Read after the state, so the job read holds the outcome that state implies.
    const job = await entry.queue.getJob(jobId);
    if (state === "completed" && job?.returnvalue) onFinished(jobId, job.returnvalue);
    else if (state === "failed" && job) onFinished(jobId, undefined, job.failedReason);
  };

  /** After Redis lost its data, the bundles it held are gone too. */
  const publishAgain = async (entry: Pending): Promise<void> => {
    for (const ref of entry.job.code) published.delete(ref.commit);
    entry.job = { ...entry.job, code: await codeFor(entry.spec) };
  };

  let timer: NodeJS.Timeout | undefined;
  const reconcileAll = (): void => {
    for (const jobId of pending.keys()) {
      reconcile(jobId).catch(() => {
        // Redis is away: the next pass asks again.
      });
    }
  };

  const cancel = async (jobId: string): Promise<void> => {
    const entry = pending.get(jobId);
    if (!entry || entry.settling) return;
    await redis.set(cancelKey(jobId), "1", "EX", KEEP_JOBS_S);
    await redis.publish(CANCEL_CHANNEL, jobId);
    const job = await entry.queue.getJob(jobId);
    const state = await job?.getState();
    if (job && (state === "waiting" || state === "prioritized" || state === "delayed")) {
      // Nobody took it yet: it leaves the queue. A worker taking it meanwhile sees the key.
      await job.remove().catch(() => undefined);
    }
    if (!job || state !== "active") {
      settle(jobId, async () => failure("cancelled"));
      return;
    }
    setTimeout(() => {
      append(entry, "armada: the worker did not confirm the cancel in time\n");
      settle(jobId, async () => ({ ...failure("cancelled"), state: "cancelled" }));
    }, CANCEL_GRACE_MS).unref();
  };

  return {
    async start(spec, hooks) {
      const jobId = jobIdOf(spec);
      timer ??= setInterval(reconcileAll, RECONCILE_MS);
      const queue = queueOf(options.labels);
      const job: AttemptJob = {
        protocol: FLEET_PROTOCOL,
        spec,
        code: await codeFor(spec),
        settings: options.settings,
        ...(options.setup ? { setup: options.setup } : {}),
      };
      const done = new Promise<AttemptResult>((resolve) => {
        pending.set(jobId, {
          spec,
          hooks,
          queue,
          job,
          resolve,
          log: undefined,
          settling: false,
          worker: undefined,
        });
      });
      const entry = pending.get(jobId);
      if (!entry) throw new Error(`attempt ${jobId} vanished`);
      append(entry, `armada: queued as job ${jobId} on ${options.target.display}\n`);
      // Resuming masters add jobs that may exist: BullMQ keeps the first, maybe finished already.
      await add(entry, jobId);
      await reconcile(jobId);
      const onAbort = (): void => {
        cancel(jobId).catch((error: unknown) =>
          options.notice(`could not cancel ${jobId}: ${String(error)}`),
        );
      };
      if (hooks.signal.aborted) onAbort();
      else hooks.signal.addEventListener("abort", onAbort, { once: true });
      const result = await done;
      hooks.signal.removeEventListener("abort", onAbort);
      if (hooks.signal.aborted && result.state !== "succeeded") {
        return { ...result, state: "cancelled", error: "cancelled" };
      }
      return result;
    },
    async close() {
      clearInterval(timer);
      timer = undefined;
      await Promise.allSettled([
        ...events.map((e) => e.close()),
        ...[...queues.values()].map((q) => q.close()),
      ]);
      queues.clear();
      events.length = 0;
      redis.disconnect();
    },
  };
}
