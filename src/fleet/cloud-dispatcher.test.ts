import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWhen } from "../../test/support/sandbox-availability.js";
import { tempRepo } from "../../test/support/temp-repo.js";
import type { AttemptResult, AttemptSpec } from "../core/dispatcher-port.js";
import { DEFAULT_SANDBOX_SETTINGS } from "../sandbox/index.js";
import { type RedisServer, redisMissing, startRedisServer } from "../test-support/redis-server.js";
import { type AttemptJob, type AttemptJobResult, FLEET_PROTOCOL } from "./attempt-job.js";
import { writeBundle } from "./bundle.js";
import { cloudDispatcher } from "./cloud-dispatcher.js";
import { fleetCodeStore } from "./fleet-code.js";
import { QUEUE_PREFIX, queueFor } from "./queue-names.js";
import { parseRedisTarget } from "./redis-target.js";

function specFor(repoRoot: string, start: string, taskId: string): AttemptSpec {
  return {
    runId: "r1",
    objective: "test",
    task: { id: taskId, title: taskId, instructions: "", files: ["*.txt"], deps: [], checks: [] },
    attempt: 1,
    startCommit: start,
    files: ["a.txt"],
    agent: "command",
    sandbox: "worktree",
    timeoutMs: 60_000,
    logPath: `${repoRoot}/.git/armada-test/${taskId}.log`,
    logLimit: 1_000_000,
    scopePolicy: "warn",
    maxDeleteShare: 0.5,
    envAllow: [],
  } as AttemptSpec;
}

/** The stand-in worker's change, and optionally how it misbehaves. */
type Answer = string | { commit: string; upload?: boolean; protocol?: number };

function succeeded(commit: string): AttemptResult {
  return { state: "succeeded", commit, changed: [], outOfScope: [], logTail: "", agentMs: 5 };
}

describeWhen("the cloud dispatcher against real Redis", redisMissing(), () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /**
   * A stand-in worker speaking the job protocol: it makes the change `answer` describes in a
   * copy of the master's repository and leaves its bundle in the code store.
   */
  async function fleet(
    answer: (job: AttemptJob, worker: ReturnType<typeof tempRepo>) => Answer | Promise<Answer>,
  ) {
    const target = parseRedisTarget(server.url);
    const master = tempRepo({ "a.txt": "one\n" });
    const base = master.git("rev-parse", "HEAD");
    const workerRepo = tempRepo({}, { commit: false });
    workerRepo.git("fetch", "-q", master.root, "HEAD");
    const redis = new Redis(target.options);
    const code = fleetCodeStore(redis, undefined);
    const dispatcher = cloudDispatcher({
      repoRoot: master.root,
      target,
      redis: new Redis(target.options),
      code,
      labels: [],
      settings: DEFAULT_SANDBOX_SETTINGS,
      baseOf: () => base,
      notice: () => undefined,
    });
    const worker = new Worker(
      queueFor([]),
      async (job): Promise<AttemptJobResult> => {
        const data = job.data as AttemptJob;
        const given = await answer(data, workerRepo);
        const {
          commit,
          upload = true,
          protocol = FLEET_PROTOCOL,
        } = typeof given === "string" ? { commit: given } : given;
        if (upload) {
          await code.put(
            commit,
            await writeBundle(workerRepo.root, commit, [data.spec.startCommit]),
          );
        }
        return { protocol, worker: "stand-in", result: succeeded(commit) };
      },
      { connection: target.options, prefix: QUEUE_PREFIX },
    );
    return {
      master,
      base,
      redis,
      dispatcher,
      async close() {
        await worker.close();
        await dispatcher.close();
        redis.disconnect();
      },
    };
  }

  it("takes the outcome from the job, not from events: a forged or repeated completion changes nothing", async () => {
    const f = await fleet(async (job, repo) => {
      await new Promise((r) => setTimeout(r, 1500));
      repo.git("checkout", "-q", "--detach", job.spec.startCommit);
      repo.write("a.txt", "two\n");
      return repo.commitAll("change");
    });
    const forge = () =>
      f.redis.xadd(
        `${QUEUE_PREFIX}:${queueFor([])}:events`,
        "*",
        "event",
        "completed",
        "jobId",
        "r1.t1.1",
        "returnvalue",
        JSON.stringify({ protocol: FLEET_PROTOCOL, worker: "impostor", result: succeeded(f.base) }),
      );
    try {
      const running = f.dispatcher.start(specFor(f.master.root, f.base, "t1"), {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      await new Promise((r) => setTimeout(r, 500));
      await forge();
      const result = await running;
      expect(result.state).toBe("succeeded");
      expect(result.commit).not.toBe(f.base);
      expect(result.changed).toEqual(["a.txt"]);
      expect(f.master.git("show", `${result.commit}:a.txt`)).toBe("two");
      // A second delivery after the result was accepted finds nothing waiting for it.
      await forge();
      await new Promise((r) => setTimeout(r, 300));
      expect(f.master.git("show", `${result.commit}:a.txt`)).toBe("two");
    } finally {
      await f.close();
    }
  });

  it("refuses a change that does not start from the attempt's start", async () => {
    const f = await fleet((_job, repo) => {
      // Built on an unrelated root commit instead of the start it was given.
      repo.git("checkout", "-q", "--orphan", "elsewhere");
      repo.write("a.txt", "rogue\n");
      return repo.commitAll("rogue");
    });
    try {
      const result = await f.dispatcher.start(specFor(f.master.root, f.base, "t2"), {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      expect(result.state).toBe("failed");
      expect(result.error).toMatch(/sent a change that does not start from [0-9a-f]{12}/);
    } finally {
      await f.close();
    }
  });

  it("says so when the worker's change is not in the code store", async () => {
    const f = await fleet((job, repo) => {
      repo.git("checkout", "-q", "--detach", job.spec.startCommit);
      repo.write("a.txt", "lost\n");
      return { commit: repo.commitAll("lost"), upload: false };
    });
    try {
      const result = await f.dispatcher.start(specFor(f.master.root, f.base, "t3"), {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      expect(result.state).toBe("failed");
      expect(result.error).toMatch(
        /^the change of worker stand-in \([0-9a-f]{12}\) is missing from the code store \(redis keys armada:code:\*\)$/,
      );
    } finally {
      await f.close();
    }
  });

  it("refuses the answer of a worker speaking another fleet protocol", async () => {
    const f = await fleet((job) => ({ commit: job.spec.startCommit, upload: false, protocol: 99 }));
    try {
      const result = await f.dispatcher.start(specFor(f.master.root, f.base, "t4"), {
        signal: new AbortController().signal,
        onProgress: () => undefined,
      });
      expect(result.state).toBe("failed");
      expect(result.error).toBe(
        `worker stand-in answered in fleet protocol 99, not ${FLEET_PROTOCOL}: run the same armada version on the master and the workers`,
      );
    } finally {
      await f.close();
    }
  });
});
