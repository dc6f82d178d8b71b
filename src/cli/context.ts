import path from "node:path";
import { createAgent } from "../agents/index.js";
import { gitAssembler } from "../assemble/index.js";
import { loadConfig } from "../config/index.js";
import {
  type Dispatcher,
  type EngineDeps,
  type RunOptions,
  type RunRecord,
  type RunStore,
  type SandboxDriver,
  type SandboxSettings,
  type TaskRecord,
  UnknownRunError,
  UnknownTaskError,
} from "../core/index.js";
import { localDispatcher } from "../dispatch/index.js";
import type { RedisTarget } from "../fleet/redis-target.js";
import { openRepo, type Repo } from "../git/index.js";
import { createModelHub } from "../models/index.js";
import { createSandboxDriver, DEFAULT_SANDBOX_SETTINGS } from "../sandbox/index.js";
import { localEnvironment } from "../setup/index.js";
import { armadaDir, openStore } from "../store/index.js";

export interface Context {
  repo: Repo;
  store: RunStore;
  runDir: (runId: string) => string;
  /** Settings matter for creating sandboxes; cleaning up after a run needs only the name. */
  driverFor: (name: string, settings?: SandboxSettings) => SandboxDriver;
}

/** What a run's options ask of its sandboxes. */
export function sandboxSettings(options: RunOptions): SandboxSettings {
  return {
    network: options.network ?? DEFAULT_SANDBOX_SETTINGS.network,
    image: options.image,
    cpus: options.cpus,
    memory: options.memory,
    disk: options.disk,
    deps: options.deps ?? DEFAULT_SANDBOX_SETTINGS.deps,
  };
}

export async function openContext(repoDir: string | undefined): Promise<Context> {
  const repo = await openRepo(path.resolve(repoDir ?? process.cwd()));
  const store = openStore(repo.gitDir);
  const drivers = new Map<string, SandboxDriver>();
  return {
    repo,
    store,
    runDir: (runId) => path.join(armadaDir(repo.gitDir), "runs", runId),
    driverFor: (name, settings = DEFAULT_SANDBOX_SETTINGS) => {
      const key = `${name} ${JSON.stringify(settings)}`;
      let driver = drivers.get(key);
      if (!driver) {
        driver = createSandboxDriver(name, repo, settings);
        drivers.set(key, driver);
      }
      return driver;
    },
  };
}

/** Attempts go through the fleet's queue: the master keeps the model keys and the assembly. */
async function fleetDispatcher(
  ctx: Context,
  options: RunOptions,
  target: RedisTarget,
  settings: SandboxSettings,
): Promise<Dispatcher> {
  // Loaded for runs on the fleet only: local runs start, and fork their git processes, lighter.
  const { cloudDispatcher, connectRedis, fleetCodeStore } = await import("../fleet/index.js");
  const redis = await connectRedis(target);
  redis.on("error", () => {
    // ioredis reconnects by itself; the queue's own errors are reported as notices.
  });
  return cloudDispatcher({
    repoRoot: ctx.repo.root,
    target,
    redis,
    code: fleetCodeStore(redis, options.bundleDir),
    labels: options.labels ?? [],
    settings,
    setup: options.setup,
    baseOf: (runId) => ctx.store.getRun(runId)?.baseCommit,
    notice: (line) => process.stderr.write(`armada: fleet: ${line}\n`),
  });
}

/**
 * The composition root: the real drivers behind the engine's ports. A run on the fleet
 * (`options.cloud`) needs its Redis target, password included.
 */
export async function engineDeps(
  ctx: Context,
  options: RunOptions,
  cloud?: RedisTarget,
): Promise<EngineDeps & { sandbox: SandboxDriver }> {
  // One hub per master process, so every sub-agent shares its providers' rate limits.
  const { config } = await loadConfig(ctx.repo.root);
  const models = createModelHub({
    config,
    baseUrl: options.baseUrl,
    rpm: options.rpm,
    tpm: options.tpm,
  });
  // Setup's layer joins the settings once built: sandboxes made after it show the layer.
  let settings = sandboxSettings(options);
  const sandbox = (): SandboxDriver => ctx.driverFor(options.sandbox, settings);
  if (options.cloud && !cloud) throw new Error("a run on the fleet needs its Redis target");
  return {
    store: ctx.store,
    dispatcher: cloud
      ? await fleetDispatcher(ctx, options, cloud, settings)
      : localDispatcher(
          ctx.repo.root,
          (name) => ctx.driverFor(name, settings),
          (spec) =>
            createAgent(spec.agent, {
              agentCommand: spec.agentCommand,
              model: spec.model,
              maxSteps: spec.maxSteps,
              fixTurns: spec.fixTurns,
              models,
              agents: config.agents,
            }),
        ),
    assembler: gitAssembler(ctx.repo, sandbox, ctx.runDir),
    runDir: ctx.runDir,
    environment: localEnvironment({
      repoRoot: ctx.repo.root,
      driver: sandbox,
      image: settings.image,
      showLayer: (layer) => {
        settings = { ...settings, layer };
      },
    }),
    sandbox: sandbox(),
  };
}

/** `<run>` arguments: an id or a unique prefix of one; the latest run when omitted. */
export function resolveRun(store: RunStore, arg: string | undefined): RunRecord {
  const runs = store.listRuns();
  if (arg === undefined) {
    const latest = runs[0];
    if (!latest) throw new UnknownRunError("(latest)", []);
    return latest;
  }
  const exact = runs.find((r) => r.id === arg);
  if (exact) return exact;
  const prefixed = runs.filter((r) => r.id.startsWith(arg));
  if (prefixed.length === 1 && prefixed[0]) return prefixed[0];
  throw new UnknownRunError(
    arg,
    runs.map((r) => r.id),
  );
}

/**
 * `<run> [<task>]` arguments where the run may be left out: a single argument that is not a
 * run but a task of the latest run means that task.
 */
export function resolveRunAndTask(
  store: RunStore,
  first: string | undefined,
  second: string | undefined,
): { run: RunRecord; task: TaskRecord | undefined } {
  let run: RunRecord;
  let taskId = second;
  try {
    run = resolveRun(store, first);
  } catch (error) {
    const latest = store.listRuns()[0];
    if (second !== undefined || !latest || !first || !store.getTask(latest.id, first)) throw error;
    run = latest;
    taskId = first;
  }
  if (taskId === undefined) return { run, task: undefined };
  const task = store.getTask(run.id, taskId);
  if (!task)
    throw new UnknownTaskError(
      run.id,
      taskId,
      store.listTasks(run.id).map((t) => t.id),
    );
  return { run, task };
}
