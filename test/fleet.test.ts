import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { openStore } from "../src/store/index.js";
import {
  type RedisServer,
  redisMissing,
  startRedisServer,
} from "../src/test-support/redis-server.js";
import { startModelServer } from "../src/test-support/scripted-model-server.js";
import {
  fleetRun,
  startedJobs,
  startMaster,
  startWorkerProcess,
  startWorkers,
  type WorkerProcess,
} from "./support/fleet.js";
import { modelEnv } from "./support/model-env.js";
import { armada, statusJson, waitFor } from "./support/run-cli.js";
import { describeWhen, dockerMissing, TEST_IMAGE } from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";

function filesRepo(count: number) {
  const files: Record<string, string> = {};
  for (let i = 1; i <= count; i++) files[`f${String(i).padStart(3, "0")}.txt`] = `line ${i}\n`;
  return tempRepo(files);
}

/** What the store says was accepted: one result per task, each task completed once. */
function accepted(root: string, runId: string) {
  const store = openStore(path.join(root, ".git"));
  const results = store.listResults(runId);
  const completions = store
    .eventsAfter(runId, 0, 1_000_000)
    .filter((e) => e.type === "task.state" && (e.data as { state?: string }).state === "completed");
  const perTask = new Map<string, number>();
  for (const e of completions) perTask.set(e.taskId ?? "", (perTask.get(e.taskId ?? "") ?? 0) + 1);
  return { results: results.length, completions: completions.length, perTask };
}

function runIdOf(stdout: string): string {
  const id = stdout.match(/Run (\w+)/)?.[1];
  if (!id) throw new Error(`no run id in:\n${stdout}`);
  return id;
}

describeWhen("the fleet: a master and worker processes through Redis", redisMissing(), () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it("a 60-task run on three workers merges every result, each worker shown per task", async () => {
    const repo = filesRepo(60);
    const workers = await startWorkers(
      redis.url,
      ["w1", "w2", "w3"],
      ["--concurrency", "4", "--health-every", "1s"],
    );
    const result = await armada(
      fleetRun(
        "shout every file",
        "sleep 0.2; tr a-z A-Z < {files} > {files}.tmp && mv {files}.tmp {files}",
        redis.url,
        "--concurrency",
        "12",
      ),
      { cwd: repo.root, timeoutMs: 120_000 },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Fleet: redis:\/\/127\.0\.0\.1:\d+ — 3 worker\(s\): w1, w2, w3/);
    expect(result.stdout).toContain("60 task results merged");
    for (let i = 1; i <= 60; i++) {
      expect(repo.read(`f${String(i).padStart(3, "0")}.txt`)).toBe(`LINE ${i}\n`);
    }
    const runId = runIdOf(result.stdout);
    const status = await statusJson(repo.root, runId);
    expect(status.tasks.every((t) => t.state === "completed")).toBe(true);
    const byWorker = new Map<string, number>();
    for (const t of status.tasks)
      byWorker.set(t.worker ?? "none", (byWorker.get(t.worker ?? "none") ?? 0) + 1);
    expect([...byWorker.keys()].sort()).toEqual(["w1", "w2", "w3"]);
    const { results, perTask } = accepted(repo.root, runId);
    expect(results).toBe(60);
    expect([...perTask.values()].every((n) => n === 1)).toBe(true);
    // The base moved once per worker, not once per task.
    for (const w of workers) {
      const health = await w.waitForLine(/health w\d: .*code fetched: [1-9]/, 10_000);
      expect(health).toMatch(/code fetched: 1 commit\(s\)/);
      expect(health).toMatch(/redis connected/);
    }
  }, 180_000);

  it("tasks with dependencies start on workers from the merged results; a conflict is redone there", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n", "shared.txt": "one\ntwo\n" });
    repo.write(
      "../deps.yaml",
      `objective: Chain on the fleet
tasks:
  - { id: first, files: [a.txt], command: "echo A >> a.txt" }
  - { id: second, files: [b.txt], command: "echo B >> b.txt" }
  - { id: both, files: [a.txt, b.txt], deps: [first, second], command: "cat a.txt b.txt > both.txt && git add -A" }
  - { id: left, files: [shared.txt], command: "sleep 1; sed -i s/one/ONE/ shared.txt" }
  - { id: right, files: [shared.txt], command: "sed -i s/one/Uno/ shared.txt" }
`,
    );
    const workers = await startWorkers(
      redis.url,
      ["x1", "x2"],
      ["--concurrency", "2", "--health-every", "1s"],
    );
    const result = await armada(
      ["run", "--plan", "../deps.yaml", "--cloud", redis.url, "--scope", "warn", "-y"],
      { cwd: repo.root, timeoutMs: 90_000 },
    );
    expect(result.code).toBe(0);
    expect(repo.read("both.txt")).toBe("a\nA\nb\nB\n");
    expect(["ONE\ntwo\n", "Uno\ntwo\n"]).toContain(repo.read("shared.txt"));
    const status = await statusJson(repo.root, runIdOf(result.stdout));
    expect(status.tasks.every((t) => t.state === "completed")).toBe(true);
    // The conflicting task ran again, on top of the other's merged change.
    expect(
      Math.max(
        ...status.tasks.filter((t) => t.id === "left" || t.id === "right").map((t) => t.attempts),
      ),
    ).toBe(2);
    // Beyond the base (once per worker), workers fetched the merged states they started from.
    await new Promise((r) => setTimeout(r, 1500));
    let fetched = 0;
    for (const w of workers) {
      const latest =
        w
          .output()
          .match(/code fetched: (\d+) commit/g)
          ?.at(-1) ?? "";
      fetched += Number(latest.match(/\d+/)?.[0] ?? 0);
    }
    expect(fetched).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it("a worker SIGKILLed mid-run: its attempts go to the others, each result accepted once", async () => {
    const repo = filesRepo(30);
    const workers = await startWorkers(redis.url, ["k1", "k2", "k3"], ["--concurrency", "3"]);
    const master = startMaster(
      fleetRun(
        "mark every file",
        "sleep 1; echo marked >> {files}",
        redis.url,
        "--concurrency",
        "9",
        "--retries",
        "0",
      ),
      repo.root,
    );
    const victim = workers[0] as WorkerProcess;
    await waitFor(() => startedJobs(victim).length >= 4, 60_000, "k1 to be busy");
    victim.child.kill("SIGKILL");
    const orphaned = startedJobs(victim);
    expect(await master.exit).toBe(0);
    const runId = runIdOf(master.output());
    const status = await statusJson(repo.root, runId);
    expect(status.tasks.map((t) => t.state)).toEqual(Array(30).fill("completed"));
    expect(status.tasks.every((t) => t.attempts === 1)).toBe(true);
    const { results, perTask } = accepted(repo.root, runId);
    expect(results).toBe(30);
    expect([...perTask.values()].every((n) => n === 1)).toBe(true);
    // An attempt the killed worker held was finished by another worker.
    const finishedElsewhere = [
      ...startedJobs(workers[1] as WorkerProcess),
      ...startedJobs(workers[2] as WorkerProcess),
    ];
    expect(orphaned.some((job) => finishedElsewhere.includes(job))).toBe(true);
    for (let i = 1; i <= 30; i++) {
      expect(repo.read(`f${String(i).padStart(3, "0")}.txt`)).toBe(`line ${i}\nmarked\n`);
    }
  }, 180_000);

  it("a cancel reaches the attempts running on workers", async () => {
    const repo = filesRepo(6);
    const workers = await startWorkers(redis.url, ["c1", "c2"], ["--concurrency", "3"]);
    const started = await armada(
      fleetRun(
        "wait a long time",
        "sleep 97.31; echo late >> {files}",
        redis.url,
        "--concurrency",
        "6",
        "--detach",
      ),
      { cwd: repo.root },
    );
    expect(started.code).toBe(0);
    const runId = runIdOf(started.stdout);
    await waitFor(
      () =>
        startedJobs(workers[0] as WorkerProcess).length +
          startedJobs(workers[1] as WorkerProcess).length ===
        6,
      60_000,
      "six attempts on workers",
    );
    const cancel = await armada(["cancel", runId], { cwd: repo.root });
    expect(cancel.code).toBe(0);
    await waitFor(
      async () => (await statusJson(repo.root, runId)).run.state === "cancelled" || undefined,
      30_000,
      "the run to end cancelled",
    );
    for (const w of workers) await w.waitForLine(/cancelled on request/, 10_000);
    const leftover = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" })
      .split("\n")
      .filter((l) => l.includes("sleep 97.31"));
    expect(leftover).toEqual([]);
    expect(repo.read("f001.txt")).toBe("line 1\n");
  }, 120_000);

  it("the master killed: resume reattaches to the queue and collects what finished meanwhile", async () => {
    const repo = filesRepo(8);
    const worker = startWorkerProcess(redis.url, "r1", ["--concurrency", "8"]);
    await worker.waitForLine(/on redis:\/\//);
    const started = await armada(
      fleetRun(
        "slowly mark",
        "sleep 3; echo marked >> {files}",
        redis.url,
        "--concurrency",
        "8",
        "--detach",
      ),
      { cwd: repo.root },
    );
    const runId = runIdOf(started.stdout);
    await waitFor(
      () => startedJobs(worker).length === 8 || undefined,
      60_000,
      "eight attempts on the worker",
    );
    const { run } = await statusJson(repo.root, runId);
    process.kill(run.masterPid ?? 0, "SIGKILL");
    await waitFor(
      () => (worker.output().match(/: succeeded/g) ?? []).length === 8 || undefined,
      30_000,
      "the attempts to finish without the master",
    );
    const resumed = await armada(["resume", runId], { cwd: repo.root, timeoutMs: 60_000 });
    expect(resumed.stdout).toContain("8 attempt(s) on the fleet to collect");
    expect(resumed.code).toBe(0);
    expect(startedJobs(worker)).toHaveLength(8);
    const status = await statusJson(repo.root, runId);
    expect(status.run.state).toBe("completed");
    expect(status.tasks.every((t) => t.attempts === 1 && t.state === "completed")).toBe(true);
    expect(repo.read("f008.txt")).toBe("line 8\nmarked\n");
  }, 120_000);

  it("SIGTERM: a worker finishes its attempts within the grace, else hands them back", async () => {
    const repo = filesRepo(4);
    const patient = startWorkerProcess(redis.url, "g1", ["--concurrency", "2", "--grace", "30s"]);
    const hasty = startWorkerProcess(redis.url, "g2", ["--concurrency", "2", "--grace", "1s"]);
    await Promise.all([patient, hasty].map((w) => w.waitForLine(/on redis:\/\//)));
    const master = startMaster(
      fleetRun("mark", "sleep 4; echo marked >> {files}", redis.url, "--concurrency", "4"),
      repo.root,
    );
    await waitFor(
      () => (startedJobs(patient).length === 2 && startedJobs(hasty).length === 2) || undefined,
      60_000,
      "two attempts on each worker",
    );
    patient.child.kill("SIGTERM");
    hasty.child.kill("SIGTERM");
    await hasty.waitForLine(/handed back to the queue/, 10_000);
    expect(await hasty.exited).toBe(0);
    const relief = startWorkerProcess(redis.url, "g3", ["--concurrency", "2"]);
    expect(await master.exit).toBe(0);
    expect(await patient.exited).toBe(0);
    expect(patient.output()).toMatch(/: succeeded[\s\S]*: succeeded/);
    expect(startedJobs(relief).sort()).toEqual(startedJobs(hasty).sort());
    const status = await statusJson(repo.root, runIdOf(master.output()));
    expect(status.tasks.every((t) => t.state === "completed" && t.attempts === 1)).toBe(true);
    expect(status.tasks.map((t) => t.worker).sort()).toEqual(["g1", "g1", "g3", "g3"]);
  }, 120_000);

  it("SIGTERM stops a worker whose Redis is gone within grace + 5 s; a second SIGTERM at once", async () => {
    const gone = await startRedisServer();
    const patient = startWorkerProcess(gone.url, "r1", ["--grace", "2s"]);
    const stubborn = startWorkerProcess(gone.url, "r2", ["--grace", "60s"]);
    await Promise.all([patient, stubborn].map((w) => w.waitForLine(/on redis:\/\//)));
    await gone.stop();
    const within = (exited: Promise<number | null>, ms: number) =>
      Promise.race([
        exited,
        new Promise((resolve) => setTimeout(() => resolve("still running"), ms)),
      ]);
    patient.child.kill("SIGTERM");
    stubborn.child.kill("SIGTERM");
    expect(await within(patient.exited, 2_000 + 5_000 + 1_500)).not.toBe("still running");
    expect(patient.output()).toContain("Redis did not answer");
    stubborn.child.kill("SIGTERM");
    expect(await within(stubborn.exited, 3_000)).not.toBe("still running");
    expect(stubborn.output()).toMatch(/SIGTERM again: stopping at once/);
  }, 60_000);

  it("labels route attempts to the workers that have them", async () => {
    const repo = filesRepo(4);
    const plain = startWorkerProcess(redis.url, "plain", ["--concurrency", "4"]);
    const gpu = startWorkerProcess(redis.url, "gpu-box", [
      "--concurrency",
      "4",
      "--labels",
      "gpu,linux",
    ]);
    await Promise.all([plain, gpu].map((w) => w.waitForLine(/on redis:\/\//)));
    const result = await armada(
      fleetRun("mark", "echo marked >> {files}", redis.url, "--labels", "gpu"),
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("1 worker(s) with labels gpu: gpu-box");
    const status = await statusJson(repo.root, runIdOf(result.stdout));
    expect(status.tasks.map((t) => t.worker)).toEqual(["gpu-box", "gpu-box", "gpu-box", "gpu-box"]);
    expect(startedJobs(plain)).toEqual([]);
    const doctor = await armada(["doctor", "--cloud", redis.url], { cwd: repo.root });
    expect(doctor.stdout).toMatch(
      /^Fleet: redis:\/\/127\.0\.0\.1:\d+ ✓ 2 worker\(s\): gpu-box, plain$/m,
    );
  }, 90_000);

  it("setup is built once on each worker, under every attempt there, and under the master's checks", async () => {
    const repo = filesRepo(6);
    repo.write(".gitignore", "node_modules/\n");
    repo.commitAll("ignore node_modules");
    const worker = startWorkerProcess(redis.url, "s1", ["--concurrency", "3"]);
    await worker.waitForLine(/on redis:\/\//);
    const setup = "mkdir -p node_modules/dep && echo from-setup > node_modules/dep/v";
    const result = await armada(
      fleetRun(
        "use the dependency",
        "cat node_modules/dep/v >> {files}",
        redis.url,
        "--setup",
        setup,
        "--check",
        "test -f node_modules/dep/v",
      ),
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/setup DONE in [\d.]+s: node_modules under every sandbox/);
    expect(result.stdout).toContain("run checks PASSED");
    for (let i = 1; i <= 6; i++) {
      expect(repo.read(`f00${i}.txt`)).toBe(`line ${i}\nfrom-setup\n`);
    }
    expect(worker.output().match(/setup built for run/g)).toHaveLength(1);
    const status = await statusJson(repo.root, runIdOf(result.stdout));
    expect(status.tasks.flatMap((t) => t.changed)).not.toContain("node_modules/dep/v");
  }, 90_000);

  it("cancelling a run whose master died stops its attempts on the workers", async () => {
    const repo = filesRepo(3);
    const worker = startWorkerProcess(redis.url, "d1", ["--concurrency", "3"]);
    await worker.waitForLine(/on redis:\/\//);
    const started = await armada(fleetRun("wait", "sleep 93.17", redis.url, "--detach"), {
      cwd: repo.root,
    });
    const runId = runIdOf(started.stdout);
    await waitFor(() => startedJobs(worker).length === 3 || undefined, 60_000, "three attempts");
    process.kill((await statusJson(repo.root, runId)).run.masterPid ?? 0, "SIGKILL");
    await waitFor(
      async () => !(await statusJson(repo.root, runId)).run.masterAlive || undefined,
      20_000,
      "the master to be seen dead",
    );
    const cancel = await armada(["cancel", runId], { cwd: repo.root });
    expect(cancel.stderr).toBe("");
    expect(cancel.stdout).toContain(`Cancelled run ${runId}`);
    await waitFor(
      () => (worker.output().match(/cancelled on request/g) ?? []).length === 3 || undefined,
      10_000,
      "the worker to stop all three",
    );
    await waitFor(
      () =>
        !execFileSync("ps", ["-eo", "args"], { encoding: "utf8" }).includes("sleep 93.17") ||
        undefined,
      10_000,
      "the agents to end",
    );
    const status = await statusJson(repo.root, runId);
    expect(status.run.state).toBe("cancelled");
  }, 90_000);

  it("an llm sub-agent on a worker uses the worker's key; the master never sends one", async () => {
    const server = await startModelServer(
      [
        {
          toolCalls: [
            { name: "write_file", input: { path: "f001.txt", content: "written by a model\n" } },
            { name: "finish", input: { summary: "done" } },
          ],
          usage: { input: 900, output: 30 },
        },
      ],
      { apiKey: "sk-worker-only" },
    );
    try {
      const repo = filesRepo(1);
      repo.write(
        "armada.config.json",
        JSON.stringify({ model: "openai-compatible:scripted", baseUrl: server.baseUrl }),
      );
      repo.commitAll("config");
      // The worker's own user configuration is empty: the model's address comes from the master.
      const workerHome = mkdtempSync(path.join(tmpdir(), "armada-worker-home-"));
      const worker = startWorkerProcess(redis.url, "m1", ["--allow-agents", "llm"], {
        XDG_CONFIG_HOME: workerHome,
        OPENAI_COMPATIBLE_API_KEY: "sk-worker-only",
      });
      await worker.waitForLine(/agents llm/);
      const result = await armada(
        ["run", "write it", "--each", "f001.txt", "--agent", "llm", "--cloud", redis.url, "-y"],
        {
          cwd: repo.root,
          env: modelEnv(repo.root, { OPENAI_COMPATIBLE_API_KEY: "sk-master-only" }),
          timeoutMs: 60_000,
        },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(repo.read("f001.txt")).toBe("written by a model\n");
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-worker-only");
      const status = await statusJson(repo.root);
      expect(status.run.usage.total).toMatchObject({ inputTokens: 900, outputTokens: 30 });
      expect(status.tasks[0]?.worker).toBe("m1");
      // The agent's transcript came back with its result.
      const transcript = await armada(["logs", status.run.id, "f001-txt", "--transcript"], {
        cwd: repo.root,
      });
      expect(transcript.code).toBe(0);
      expect(transcript.stdout).toContain("write_file");
      const job = execFileSync(
        "redis-cli",
        ["-p", String(redis.port), "HGET", `armada:attempts:${status.run.id}.f001-txt.1`, "data"],
        { encoding: "utf8" },
      );
      expect(job).toContain("openai-compatible:scripted");
      expect(job).not.toContain("sk-master-only");
    } finally {
      await server.close();
    }
  }, 90_000);

  it("`cloud:` in the configuration sends runs to the fleet; a password there is refused", async () => {
    const repo = filesRepo(2);
    repo.write("armada.config.json", JSON.stringify({ cloud: redis.url }));
    repo.commitAll("config");
    const worker = startWorkerProcess(redis.url, "cfg");
    await worker.waitForLine(/on redis:\/\//);
    const result = await armada(
      ["run", "mark", "--each", "*.txt", "--agent-cmd", "echo marked >> {files}", "-y"],
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("on the fleet");
    expect(startedJobs(worker)).toHaveLength(2);
    repo.write("armada.config.json", JSON.stringify({ cloud: "redis://:hunter2@127.0.0.1:6379" }));
    const refused = await armada(["run", "x", "--each", "*.txt", "--agent-cmd", "true", "-y"], {
      cwd: repo.root,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "holds a password, which does not belong in configuration files",
    );
    expect(refused.stderr).not.toContain("hunter2");
  }, 90_000);

  it("a run whose agent no connected worker allows is refused before dispatch", async () => {
    const repo = filesRepo(2);
    const worker = startWorkerProcess(redis.url, "strict", ["--allow-agents", "builtin"]);
    await worker.waitForLine(/agents builtin/);
    const result = await armada(
      fleetRun("touch", "echo x >> {files}", redis.url, "--retries", "0"),
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `No worker connected to ${redis.url} allows the command agent (strict allows builtin), so nothing of this run would start. Start a worker with --allow-agents builtin,command, or run without --cloud.`,
    );
    expect(repo.git("for-each-ref", "refs/armada")).toBe("");
    expect(repo.read("f001.txt")).toBe("line 1\n");
  }, 90_000);
});

describeWhen("the fleet: Redis restarting, passwords and TLS", redisMissing({ tls: true }), () => {
  it("Redis restarted mid-run: master and workers reconnect and the run finishes", async () => {
    const redis = await startRedisServer({ password: "s3cr3t-pw" });
    try {
      const repo = filesRepo(24);
      const workers = await startWorkers(redis.url, ["p1", "p2"], ["--concurrency", "4"]);
      const master = startMaster(
        fleetRun("mark", "sleep 0.5; echo marked >> {files}", redis.url, "--concurrency", "8"),
        repo.root,
      );
      await waitFor(
        () => (master.output().match(/ DONE /g) ?? []).length >= 4 || undefined,
        60_000,
        "some results",
      );
      await redis.restart();
      expect(await master.exit).toBe(0);
      const runId = runIdOf(master.output());
      const { results, perTask } = accepted(repo.root, runId);
      expect(results).toBe(24);
      expect([...perTask.values()].every((n) => n === 1)).toBe(true);
      for (const text of [master.output(), ...workers.map((w) => w.output())]) {
        expect(text).not.toContain("s3cr3t-pw");
        expect(text).toContain("redis://:***@127.0.0.1");
      }
    } finally {
      await redis.stop();
    }
  }, 180_000);

  it("Redis coming back empty mid-run: the master queues the lost attempts again", async () => {
    const redis = await startRedisServer();
    try {
      const repo = filesRepo(12);
      await startWorkers(redis.url, ["e1", "e2"], ["--concurrency", "3"]);
      const master = startMaster(
        fleetRun("mark", "sleep 1; echo marked >> {files}", redis.url, "--concurrency", "6"),
        repo.root,
      );
      await waitFor(
        () => (master.output().match(/ ON WORKER /g) ?? []).length >= 6 || undefined,
        60_000,
        "attempts on workers",
      );
      execFileSync("redis-cli", ["-p", String(redis.port), "FLUSHALL"]);
      expect(await master.exit).toBe(0);
      expect(master.output()).toMatch(/fleet: Redis lost attempt \S+; queued again/);
      const { results, perTask } = accepted(repo.root, runIdOf(master.output()));
      expect(results).toBe(12);
      expect([...perTask.values()].every((n) => n === 1)).toBe(true);
      expect(repo.read("f001.txt")).toBe("line 1\nmarked\n");
    } finally {
      await redis.stop();
    }
  }, 120_000);

  it("rediss:// with a password and a private CA: the run goes through TLS", async () => {
    const redis = await startRedisServer({ tls: true, password: "tls-pw-42" });
    try {
      const env = { ARMADA_REDIS_CA: redis.caFile ?? "" };
      const repo = filesRepo(3);
      const worker = startWorkerProcess(redis.url, "t1", [], env);
      await worker.waitForLine(/on rediss:\/\/:\*\*\*@127\.0\.0\.1/);
      const result = await armada(fleetRun("mark", "echo marked >> {files}", redis.url), {
        cwd: repo.root,
        env,
        timeoutMs: 60_000,
      });
      expect(result.code).toBe(0);
      expect(repo.read("f003.txt")).toBe("line 3\nmarked\n");
      for (const text of [result.stdout, result.stderr, worker.output()]) {
        expect(text).not.toContain("tls-pw-42");
      }
    } finally {
      await redis.stop();
    }
  }, 90_000);

  it("a bad or unreachable Redis is refused before anything is planned", async () => {
    const repo = filesRepo(1);
    const bad = await armada(
      ["run", "x", "--each", "*.txt", "--agent-cmd", "true", "--cloud", "http://h:1", "-y"],
      {
        cwd: repo.root,
      },
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Cannot use the Redis address http://h:1");
    const away = await armada(
      [
        "run",
        "x",
        "--each",
        "*.txt",
        "--agent-cmd",
        "true",
        "--cloud",
        "redis://:hunter2@127.0.0.1:1",
        "-y",
      ],
      { cwd: repo.root, timeoutMs: 30_000 },
    );
    expect(away.code).toBe(1);
    expect(away.stderr).toContain("Redis at redis://:***@127.0.0.1:1 did not answer");
    expect(away.stderr).not.toContain("hunter2");
    expect(openStore(path.join(repo.root, ".git")).listRuns()).toEqual([]);
    const labelled = await armada(
      ["run", "x", "--each", "*.txt", "--agent-cmd", "true", "--labels", "gpu", "-y"],
      { cwd: repo.root, env: { ARMADA_CLOUD: "" } },
    );
    expect(labelled.code).toBe(2);
    expect(labelled.stderr).toContain(
      "--labels and --bundle-dir are for runs on the fleet: add --cloud <redis-url>",
    );
    const worker = await armada(["worker"], { cwd: repo.root, env: { ARMADA_CLOUD: "" } });
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain("armada worker needs the fleet's Redis");
    const guarded = await startRedisServer({ password: "right-pw" });
    try {
      const wrong = guarded.url.replace("right-pw", "wrong-pw");
      const refused = await armada(["worker", "--redis", wrong, "--cache", repo.root], {
        cwd: repo.root,
      });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `Redis at redis://:***@127.0.0.1:${guarded.port} refused to let armada in: WRONGPASS`,
      );
      expect(refused.stderr + refused.stdout).not.toContain("wrong-pw");
    } finally {
      await guarded.stop();
    }
  }, 60_000);
});

describeWhen("the fleet: workers with docker sandboxes", redisMissing() ?? dockerMissing(), () => {
  it("a worker runs attempts in containers of its own image", async () => {
    const redis = await startRedisServer();
    try {
      const repo = filesRepo(2);
      const worker = startWorkerProcess(redis.url, "dock", [
        "--sandbox",
        "docker",
        "--image",
        TEST_IMAGE,
      ]);
      await worker.waitForLine(/sandbox docker/, 60_000);
      const result = await armada(fleetRun("mark", "echo marked >> {files}", redis.url), {
        cwd: repo.root,
        timeoutMs: 120_000,
      });
      expect(result.code).toBe(0);
      expect(repo.read("f002.txt")).toBe("line 2\nmarked\n");
      const status = await statusJson(repo.root, runIdOf(result.stdout));
      expect(status.tasks.map((t) => t.worker)).toEqual(["dock", "dock"]);
    } finally {
      await redis.stop();
    }
  }, 180_000);
});
