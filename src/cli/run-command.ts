import path from "node:path";
import type { Command } from "commander";
import { AGENTS, agentRefusal, cliPreset, createAgent } from "../agents/index.js";
import { integrationBranch } from "../assemble/index.js";
import { type ArmadaConfig, loadConfig } from "../config/index.js";
import {
  newRunId,
  type Plan,
  parseDuration,
  parseSize,
  type RunOptions,
  type RunRecord,
  reclaimOrphans,
  type SetupPlan,
  UsageError,
} from "../core/index.js";
import { parseLabels } from "../fleet/queue-names.js";
import type { RedisTarget } from "../fleet/redis-target.js";
import { headBranch, updateRef } from "../git/index.js";
import { createModelHub } from "../models/index.js";
import { checkSandbox, DEFAULT_IMAGE, defaultSandbox } from "../sandbox/index.js";
import { newRunCloud } from "./cloud-target.js";
import { confirm } from "./confirm.js";
import { type Context, engineDeps, openContext, sandboxSettings } from "./context.js";
import { driveRun } from "./drive-run.js";
import { fleetLine } from "./fleet-line.js";
import { diffTextIn, wantsDashboard } from "./live-view.js";
import {
  type AgentLoopFlags,
  agentLoopOptions,
  checkModelAgents,
  modelOptions,
  modelRunOptions,
} from "./model-options.js";
import { nextSteps } from "./next-steps.js";
import { collect, oneOf, parseCount } from "./parse-options.js";
import { type PlanningFlags, preparePlan } from "./prepare-plan.js";
import { formatPlan } from "./print-plan.js";
import { formatSummary } from "./run-summary.js";
import { startDetachedMaster } from "./start-master.js";
import { loadView, statusJson } from "./status-view.js";
import { serveWeb } from "./web-command.js";

export interface RunFlags extends AgentLoopFlags {
  repo?: string;
  each?: string[];
  batch?: string;
  plan?: string;
  check: string[];
  planner?: string;
  maxTasks?: string;
  agent?: string;
  agentCmd?: string;
  sandbox?: string;
  network?: string | boolean;
  image?: string;
  cpus?: string;
  memory?: string;
  disk?: string;
  deps?: string[] | false;
  setup?: string[] | false;
  setupNetwork: boolean;
  concurrency?: string;
  cloud?: string;
  labels?: string;
  bundleDir?: string;
  timeout: string;
  retries: string;
  scope: string;
  logLimit: string;
  env: string[];
  yes?: boolean;
  detach?: boolean;
  web?: boolean;
  apply?: boolean | string;
  allowMarkers: string[];
  onConflict: string;
  conflictRetries: string;
  resolveCmd?: string;
  fixRounds: string;
  verify: string;
  squash?: boolean;
  maxDelete: string;
  requireChange?: boolean;
  requireGreenBase?: boolean;
  json?: boolean;
}

/** Adds the flags that shape a plan, shared by `run` and `plan`. */
export function planningOptions(command: Command): Command {
  return modelOptions(
    command
      .option(
        "--planner <name>",
        "who makes the plan: llm, recipe, each or plan (default: from the other flags)",
      )
      .option("--each <glob...>", "one task per file matching these globs")
      .option(
        "--batch <n>",
        "files per task (default: 1 with --each, the recipe's own with a recipe)",
      )
      .option("--plan <file.yaml>", "run the tasks of a plan file")
      .option("--max-tasks <n>", "the most tasks a plan may have")
      .option(
        "--check <cmd>",
        "a run-level check, run on the assembled result (repeatable)",
        collect,
        [],
      ),
  );
}

/** The planning flags as commander hands them over, shared by `run` and `plan`. */
export interface PlanningCliFlags {
  each?: string[];
  batch?: string;
  plan?: string;
  check: string[];
  planner?: string;
  maxTasks?: string;
  model?: string;
  plannerModel?: string;
  baseUrl?: string;
}

export function planningFlags(flags: PlanningCliFlags): PlanningFlags {
  return {
    each: flags.each,
    batch: flags.batch === undefined ? undefined : parseCount(flags.batch, "--batch"),
    plan: flags.plan,
    check: flags.check,
    planner: flags.planner,
    maxTasks: flags.maxTasks ? parseCount(flags.maxTasks, "--max-tasks") : undefined,
    model: flags.model,
    plannerModel: flags.plannerModel,
    baseUrl: flags.baseUrl,
  };
}

function parseShare(value: string): number {
  const share = value.endsWith("%") ? Number(value.slice(0, -1)) / 100 : Number(value);
  if (!Number.isFinite(share) || share < 0 || share > 1) {
    throw new UsageError(
      `--max-delete must be a share of files between 0 and 1 (or 0% to 100%), not "${value}".`,
    );
  }
  return share;
}

function parseCpus(value: string): number {
  const cpus = Number(value);
  if (!Number.isFinite(cpus) || cpus <= 0)
    throw new UsageError(
      `--cpus must be a number of CPUs above 0, such as 2 or 0.5, not "${value}".`,
    );
  return cpus;
}

/**
 * The run's setup: --setup, else the plan's, else the configuration's, else what the
 * lockfiles call for; none with --no-setup.
 */
function chooseSetup(
  flags: RunFlags,
  config: ArmadaConfig,
  prepared: { plan: Plan; proposedSetup?: string[] | undefined },
): SetupPlan | undefined {
  if (flags.setup === false) return undefined;
  const [commands, from] = flags.setup?.length
    ? [flags.setup, "--setup"]
    : prepared.plan.setup?.length
      ? [prepared.plan.setup, "the plan"]
      : config.setup?.length
        ? [config.setup, "the configuration"]
        : [prepared.proposedSetup, "proposed from the lockfile; --no-setup skips it"];
  if (!commands?.length) return undefined;
  const env = [...new Set([...(prepared.plan.setupEnv ?? []), ...(config.setupEnv ?? [])])];
  const missing = env.filter((name) => process.env[name] === undefined);
  if (missing.length > 0) {
    throw new UsageError(
      `setupEnv names ${missing.join(", ")}, which ${missing.length === 1 ? "is" : "are"} not set in your environment: set ${missing.length === 1 ? "it" : "them"} before the run, or take ${missing.length === 1 ? "it" : "them"} out of setupEnv.`,
    );
  }
  return { commands, from, env, network: flags.setupNetwork !== false };
}

/** `--verify`: after how many merges the checks run during the fan-out; undefined for `end`. */
function parseVerify(value: string): number | undefined {
  if (value === "end") return undefined;
  if (value === "each") return 1;
  const batch = /^batch:(\d+)$/.exec(value);
  if (batch && Number(batch[1]) >= 1) return Number(batch[1]);
  throw new UsageError(
    `--verify must be end (the checks run once, after assembly), each (after every merge) or batch:<n> (after every n merges, n at least 1), not "${value}".`,
  );
}

/** A fleet has room for more attempts at once than one machine. */
const DEFAULT_CONCURRENCY = { local: 4, fleet: 32 };

function runOptions(
  flags: RunFlags,
  config: ArmadaConfig,
  sandbox: string,
  cloud: RedisTarget | undefined,
): RunOptions {
  const model = modelRunOptions(flags, config);
  return {
    concurrency:
      flags.concurrency === undefined
        ? DEFAULT_CONCURRENCY[cloud ? "fleet" : "local"]
        : parseCount(flags.concurrency, "--concurrency"),
    cloud: cloud?.display,
    labels: parseLabels(flags.labels, "--labels"),
    bundleDir: flags.bundleDir === undefined ? undefined : path.resolve(flags.bundleDir),
    timeoutMs: parseDuration(flags.timeout, "--timeout"),
    retries: parseCount(flags.retries, "--retries", 0),
    // With a model and no command, the sub-agents are llm agents.
    agent: flags.agent ?? (model.model && !flags.agentCmd ? "llm" : "command"),
    agentCommand: flags.agentCmd,
    sandbox,
    network: typeof flags.network === "string" ? flags.network : flags.network ? "on" : undefined,
    image: flags.image,
    cpus: flags.cpus === undefined ? undefined : parseCpus(flags.cpus),
    memory: flags.memory === undefined ? undefined : parseSize(flags.memory, "--memory"),
    disk: flags.disk === undefined ? undefined : parseSize(flags.disk, "--disk"),
    deps: flags.deps === false ? [] : flags.deps,
    scopePolicy: oneOf(flags.scope, ["warn", "strict"] as const, "--scope"),
    logLimit: parseSize(flags.logLimit, "--log-limit"),
    apply: flags.apply !== false,
    applyMode:
      typeof flags.apply === "string"
        ? oneOf(flags.apply, ["refuse", "merge"] as const, "--apply")
        : "refuse",
    allowMarkers: flags.allowMarkers,
    envAllow: flags.env,
    onConflict: oneOf(flags.onConflict, ["redo", "agent", "stop"] as const, "--on-conflict"),
    conflictRetries: parseCount(flags.conflictRetries, "--conflict-retries", 0),
    resolveCommand: flags.resolveCmd,
    fixRounds: parseCount(flags.fixRounds, "--fix-rounds", 0),
    verifyEvery: parseVerify(flags.verify),
    squash: Boolean(flags.squash),
    maxDeleteShare: parseShare(flags.maxDelete),
    ...(flags.requireChange ? { requireChange: true } : {}),
    ...(flags.requireGreenBase ? { requireGreenBase: true } : {}),
    ...model,
  };
}

export function registerRun(program: Command): void {
  const run = planningOptions(
    program
      .command("run")
      .description(
        "delegate an objective: plan, dispatch to sandboxed sub-agents, assemble, sync back",
      )
      .argument("[objective]", "what to do, in words"),
  )
    .option(
      "--agent <name>",
      `the agent that performs tasks: ${AGENTS.join(", ")} (default: llm with a model, else command)`,
    )
    .option(
      "--agent-cmd <template>",
      "shell template for the command agent: {files} {instructions} {task}",
    )
    .option(
      "--sandbox <driver>",
      "where each attempt runs: overlay (the default where Linux allows it), worktree, docker",
    )
    .option(
      "--network [name]",
      "give sandboxes the network (docker: which network); none by default",
    )
    .option("--image <name>", `the docker sandbox's image (default ${DEFAULT_IMAGE})`)
    .option("--cpus <n>", "CPUs per docker sandbox, e.g. 2 or 0.5")
    .option("--memory <size>", "memory per docker sandbox, e.g. 2G")
    .option("--disk <size>", "what one sandbox may write, e.g. 5G (overlay: held in memory)")
    .option(
      "--deps <name>",
      "ignored folders overlay sandboxes share copy-on-write (repeatable; default node_modules)",
      collect,
    )
    .option("--no-deps", "share no dependency folders with sandboxes")
    .option(
      "--setup <command>",
      "a setup command run once on the base, its result shown under every sandbox (repeatable; over the plan's and the configuration's setup:)",
      collect,
    )
    .option("--no-setup", "run no setup, not even the one proposed from the lockfile")
    .option("--no-setup-network", "setup runs without the network too")
    .option("--concurrency <n>", "attempts at once (default 4; 32 with --cloud)")
    .option(
      "--cloud <redis-url>",
      "dispatch attempts to `armada worker` processes through this Redis (or ARMADA_CLOUD, or cloud: in config)",
    )
    .option("--labels <a,b>", "with --cloud, only workers with all these labels take the attempts")
    .option(
      "--bundle-dir <dir>",
      "with --cloud, a folder every machine mounts, for bundles too large for Redis",
    )
    .option("--timeout <duration>", "per attempt (and per check), e.g. 90s, 10m", "10m")
    .option("--retries <n>", "extra attempts for a failing task", "1")
    .option("--scope <policy>", "changes outside a task's files: warn or strict (fail)", "warn")
    .option("--log-limit <size>", "cap of each attempt's log", "10MiB")
    .option(
      "--env <name>",
      "pass this environment variable into sandboxes (repeatable)",
      collect,
      [],
    )
    .option("-y, --yes", "do not ask for confirmation")
    .option("--detach", "run in the background and return at once")
    .option("--web", "serve the web dashboard from this command while the run goes (as armada web)")
    .option(
      "--on-conflict <policy>",
      "redo (re-run on the merged state), agent (a resolver task) or stop",
      "redo",
    )
    .option("--conflict-retries <n>", "redos of one task after conflicts", "2")
    .option(
      "--resolve-cmd <template>",
      "the command agent's template for resolver tasks (--on-conflict agent)",
    )
    .option("--fix-rounds <n>", "fix-up tasks planned while the run's checks fail", "2")
    .option(
      "--verify <when>",
      "when the run's checks judge the merged results: end, each (after every merge) or batch:<n>",
      "end",
    )
    .option("--squash", "one commit for the whole run on armada/<run> instead of one per task")
    .option(
      "--require-green-base",
      "stop before any task starts when a run check already fails on the base",
    )
    .option(
      "--require-change",
      "an attempt whose agent changes nothing fails, and is retried with that feedback",
    )
    .option(
      "--max-delete <share>",
      "share of its files a task may delete before its result is rejected",
      "50%",
    )
    .option(
      "--apply <mode>",
      "how to sync: refuse (never touch paths you changed) or merge (three-way)",
    )
    .option("--no-apply", "keep the result on branch armada/<run> only")
    .option(
      "--allow-markers <glob>",
      "with --apply merge, files where conflict markers may be written (repeatable)",
      collect,
      [],
    )
    .option("--json", "print newline-delimited JSON events")
    .option("--repo <dir>", "the repository (default: the current directory's)");
  agentLoopOptions(run).action(async (objective: string | undefined, flags: RunFlags) => {
    process.exitCode = await runCommand(objective, flags);
  });
}

function checkAgents(
  config: ArmadaConfig,
  options: RunOptions,
  agents: (string | undefined)[],
  commands: (string | undefined)[],
): void {
  if (options.onConflict === "agent" && options.agent === "command" && !options.resolveCommand) {
    throw new UsageError(
      "--on-conflict agent with the command agent needs a resolver command: pass --resolve-cmd '<shell template>'. It runs with the conflicted files (with markers) in {files} and the other side's change in $ARMADA_CONTEXT.",
    );
  }
  const models = createModelHub({ config, baseUrl: options.baseUrl });
  checkModelAgents(
    models,
    options,
    agents.map((name) => name ?? options.agent),
  );
  agents.forEach((name, i) => {
    const agent = name ?? options.agent;
    const settings = {
      agentCommand: options.agentCommand,
      model: options.model,
      models,
      agents: config.agents,
    };
    createAgent(agent, settings);
    const refusal = agentRefusal(agent, settings);
    if (refusal) throw new UsageError(refusal);
    if (agent === "command" && !commands[i] && !options.agentCommand) {
      throw new UsageError(
        "The command agent needs a command: pass --agent-cmd '<shell template>' (e.g. --agent-cmd 'npx prettier --write {files}'; {files}, {instructions} and {task} are filled in), or give each task a \"command\" in the plan.",
      );
    }
  });
}

/**
 * Refuses a fleet run an agent of which no connected worker allows (each worker says which it
 * allows), before anything is dispatched; workers that said nothing (older ones) may allow it.
 */
async function checkFleetAgents(
  target: RedisTarget,
  workers: string[],
  agents: string[],
): Promise<void> {
  const { allows, workerEntries } = await import("../fleet/index.js");
  const entries = await workerEntries(target, workers);
  if (workers.length === 0 || entries.size < workers.length) return;
  for (const agent of new Set(agents)) {
    if ([...entries.values()].some((e) => allows(e.allowAgents, agent))) continue;
    const listed = [...entries].map(([name, e]) => `${name} allows ${e.allowAgents.join(",")}`);
    const first = [...entries.values()][0]?.allowAgents ?? [];
    throw new UsageError(
      `No worker connected to ${target.display} allows the ${agent} agent (${listed.join("; ")}), so nothing of this run would start. Start a worker with --allow-agents ${[...first, agent].join(",")}, or run without --cloud.`,
    );
  }
}

/** The sandbox asked for, or overlay where it works, else worktree with one line of warning. */
function chooseSandbox(ctx: Context, flags: RunFlags): string {
  if (flags.sandbox) return flags.sandbox;
  const choice = defaultSandbox(ctx.repo.gitDir);
  if (choice.warning) process.stderr.write(`armada: ${choice.warning}\n`);
  return choice.name;
}

async function runCommand(objective: string | undefined, flags: RunFlags): Promise<number> {
  if (flags.web && flags.detach) {
    throw new UsageError(
      "--web serves the dashboard from this command while the run goes, but --detach returns at once. Leave out --detach, or start `armada web` beside the detached run.",
    );
  }
  const ctx = await openContext(flags.repo);
  const { config } = await loadConfig(ctx.repo.root);
  const cloud = newRunCloud(flags.cloud, config);
  const options = runOptions(flags, config, chooseSandbox(ctx, flags), cloud?.target);
  if (!cloud && (options.labels?.length || options.bundleDir)) {
    throw new UsageError(
      "--labels and --bundle-dir are for runs on the fleet: add --cloud <redis-url> (or drop them to run on this machine).",
    );
  }
  await checkSandbox(options.sandbox, ctx.repo, sandboxSettings(options));
  const labels = options.labels ?? [];
  const workers = cloud
    ? await (await import("../fleet/index.js")).fleetWorkers(cloud.target, labels)
    : [];
  const fleet = cloud ? fleetLine(cloud.target.display, labels, workers) : undefined;
  // The run's own agent is checked before the planner spends anything.
  checkModelAgents(createModelHub({ config, baseUrl: options.baseUrl }), options, [options.agent]);
  const { store } = ctx;
  await reclaimOrphans(store, ctx.driverFor);
  const runId = newRunId((id) => store.getRun(id) !== undefined);
  const prepared = await preparePlan(ctx.repo, objective, planningFlags(flags), `run ${runId}`);
  checkAgents(
    config,
    options,
    [...prepared.plan.tasks.map((t) => t.agent), ...(options.attemptAgents ?? [])],
    prepared.plan.tasks.map((t) => t.command),
  );
  if (options.verifyEvery && prepared.plan.checks.length === 0) {
    throw new UsageError(
      `--verify ${flags.verify} runs the run's checks during the fan-out, but this run has none: add --check <command> (repeatable) or checks: to the plan file, or drop --verify.`,
    );
  }
  options.setup = chooseSetup(flags, config, prepared);
  const used = new Set([
    options.agent,
    ...prepared.plan.tasks.flatMap((t) => t.agent ?? []),
    ...(options.attemptAgents ?? []),
  ]);
  const probeAgents = [...used].filter((name) => cliPreset(name, config.agents));
  if (probeAgents.length) options.probeAgents = probeAgents;
  if (cloud) {
    const checks = prepared.plan.tasks.some((t) => t.checks.length > 0);
    await checkFleetAgents(cloud.target, workers, [...used, ...(checks ? ["command"] : [])]);
  }
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  if (!flags.json)
    process.stdout.write(
      formatPlan(prepared.plan, prepared.warnings, prepared.planner, options.setup),
    );
  if (
    interactive &&
    !flags.yes &&
    !(await confirm(`Start ${prepared.plan.tasks.length} sub-agents?`))
  ) {
    process.stdout.write("Nothing started.\n");
    return 1;
  }
  await updateRef(ctx.repo.root, integrationBranch(runId), prepared.base.commit);
  store.createRun({
    id: runId,
    plan: prepared.plan,
    baseCommit: prepared.base.commit,
    headCommit: prepared.base.head,
    headRef: await headBranch(ctx.repo),
    options,
    planUsage: prepared.usage,
  });
  if (flags.detach) {
    const pid = startDetachedMaster(
      ctx.repo.root,
      ctx.runDir(runId),
      runId,
      cloud ? { ARMADA_CLOUD: cloud.url } : {},
    );
    if (flags.json)
      process.stdout.write(`${JSON.stringify({ type: "run.detached", run: runId, pid })}\n`);
    else
      process.stdout.write(
        `Run ${runId} started in the background (pid ${pid}).\nWatch it: armada status ${runId}   Stop it: armada cancel ${runId}\n`,
      );
    return 0;
  }
  if (!flags.json) {
    process.stdout.write(
      `\nRun ${runId}: ${prepared.plan.tasks.length} tasks, concurrency ${options.concurrency}, ${fleet ? "on the fleet" : `sandbox ${options.sandbox}`}${prepared.base.dirty ? " (base includes your uncommitted changes)" : ""}\n${fleet ? `${fleet}\n` : ""}`,
    );
  }
  const web = flags.web ? await serveWeb(ctx, {}) : undefined;
  const run = await driveRun(await engineDeps(ctx, options, cloud?.target), runId, {
    json: Boolean(flags.json),
    print: true,
    ...(wantsDashboard(Boolean(flags.json))
      ? {
          dashboard: {
            diffText: diffTextIn(ctx),
            notice: web ? `Web dashboard: ${web.url}` : undefined,
          },
        }
      : {}),
  }).finally(() => web?.close());
  printOutcome(ctx, run, Boolean(flags.json));
  return exitCodeOf(run);
}

export function exitCodeOf(run: RunRecord): number {
  if (run.state === "completed") return 0;
  if (run.state === "cancelled") return 130;
  return 1;
}

export function printOutcome(ctx: Context, run: RunRecord, json: boolean): void {
  const view = loadView(ctx.store, run);
  if (json) {
    process.stdout.write(`${JSON.stringify({ type: "run.summary", ...statusJson(view) })}\n`);
    return;
  }
  process.stdout.write(`\n${formatSummary(view, process.stdout.columns ?? 100)}${nextSteps(view)}`);
}
