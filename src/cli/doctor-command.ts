import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Command } from "commander";
import { CLI_PRESETS, cliPreset } from "../agents/index.js";
import { type ArmadaConfig, loadConfig } from "../config/index.js";
import { toArmadaError } from "../core/index.js";
import { openRepo } from "../git/index.js";
import { createModelHub, priceOf, probeProvider } from "../models/index.js";
import { SANDBOX_DRIVERS } from "../sandbox/index.js";
import { agentLines, agentReport } from "./agent-report.js";
import { newRunCloud } from "./cloud-target.js";
import { type ModelFlags, modelOptions, plannerModel } from "./model-options.js";

const run = promisify(execFile);

interface DoctorFlags extends ModelFlags {
  repo?: string;
  json?: boolean;
  offline?: boolean;
  cloud?: string;
}

interface FleetReport {
  redis: string;
  ok: boolean;
  workers?: string[];
  problem?: string;
}

/** The fleet's Redis, when one is configured: whether it answers, and which workers serve it. */
async function checkFleet(
  flag: string | undefined,
  config: ArmadaConfig,
  offline: boolean,
): Promise<FleetReport | undefined> {
  let cloud: ReturnType<typeof newRunCloud>;
  try {
    cloud = newRunCloud(flag, config);
  } catch (error) {
    return { redis: "(invalid)", ok: false, problem: toArmadaError(error).userMessage };
  }
  if (!cloud) return undefined;
  const report: FleetReport = { redis: cloud.target.display, ok: true };
  if (offline) return report;
  try {
    const { fleetWorkers } = await import("../fleet/index.js");
    report.workers = await fleetWorkers(cloud.target, [], { timeoutMs: 5000 });
  } catch (error) {
    report.ok = false;
    report.problem = toArmadaError(error).userMessage;
  }
  return report;
}

interface ModelReport {
  role: string;
  model: string;
  ok: boolean;
  provider?: string;
  protocol?: string;
  baseUrl?: string | null;
  keyVariable?: string | null;
  keySet?: boolean;
  server?: string;
  price?: string;
  problem?: string;
}

async function gitVersion(): Promise<{ version: string; ok: boolean }> {
  try {
    const { stdout } = await run("git", ["--version"]);
    const version = /(\d+)\.(\d+)(\.\d+)?/.exec(stdout);
    const ok =
      Number(version?.[1]) > 2 || (Number(version?.[1]) === 2 && Number(version?.[2]) >= 38);
    return { version: version?.[0] ?? stdout.trim(), ok };
  } catch {
    return { version: "not found", ok: false };
  }
}

async function checkModel(
  role: string,
  name: string,
  hub: ReturnType<typeof createModelHub>,
  config: Awaited<ReturnType<typeof loadConfig>>["config"],
  offline: boolean,
): Promise<ModelReport> {
  const report: ModelReport = { role, model: name, ok: false };
  try {
    const { spec, provider } = hub.settings(name);
    const key = provider.keyEnv ? process.env[provider.keyEnv] : undefined;
    const price = priceOf(spec, config.prices);
    Object.assign(report, {
      provider: provider.name,
      protocol: provider.kind,
      baseUrl: provider.baseUrl ?? null,
      keyVariable: provider.keyEnv ?? null,
      keySet: Boolean(key),
      price: price
        ? `$${price.input} in / $${price.output} out per million tokens`
        : 'unknown: costs are not counted and --budget cannot be used (add it under "prices")',
    });
    if (provider.keyRequired && !key) {
      report.problem = `${provider.keyEnv} is not set`;
      return report;
    }
    if (offline) {
      report.ok = true;
      report.server = "not checked (--offline)";
      return report;
    }
    const probe = await probeProvider(provider, spec.modelId, key);
    report.server = probe.detail;
    report.ok =
      probe.reachable &&
      probe.status !== undefined &&
      probe.status < 400 &&
      probe.modelListed !== false;
    if (!report.ok) report.problem = probe.detail;
  } catch (error) {
    report.problem = toArmadaError(error).userMessage;
  }
  return report;
}

/** `armada doctor`: what is configured and whether it works, never printing a key. */
export function registerDoctor(program: Command): void {
  modelOptions(
    program
      .command("doctor")
      .description(
        "what is configured (models, keys, providers, agents, git) and whether it is reachable",
      ),
  )
    .option("--offline", "do not contact the providers or the fleet's Redis")
    .option(
      "--cloud <redis-url>",
      "the fleet's Redis to check (default: ARMADA_CLOUD, cloud: in config)",
    )
    .option("--json", "print JSON")
    .option("--repo <dir>", "the repository (default: the current directory's)")
    .action(async (flags: DoctorFlags) => {
      const dir = path.resolve(flags.repo ?? process.cwd());
      const root = await openRepo(dir).then(
        (repo) => repo.root,
        () => dir,
      );
      const { config, files } = await loadConfig(root);
      const hub = createModelHub({ config, baseUrl: flags.baseUrl ?? config.baseUrl });
      const agentModel = flags.model ?? config.model;
      const planner = plannerModel(flags, config);
      const models: ModelReport[] = [];
      if (agentModel)
        models.push(await checkModel("agent", agentModel, hub, config, Boolean(flags.offline)));
      if (planner && planner !== agentModel)
        models.push(await checkModel("planner", planner, hub, config, Boolean(flags.offline)));
      const names = [...Object.keys(CLI_PRESETS), ...Object.keys(config.agents ?? {})];
      const agents = await Promise.all(
        [...new Set(names)].flatMap((name) => {
          const preset = cliPreset(name, config.agents);
          return preset ? [agentReport(preset)] : [];
        }),
      );
      const git = await gitVersion();
      const fleet = await checkFleet(flags.cloud, config, Boolean(flags.offline));
      const ok = git.ok && models.every((m) => m.ok) && fleet?.ok !== false;
      process.exitCode = ok ? 0 : 1;
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ ok, configFiles: files, models, agents, git, sandboxes: SANDBOX_DRIVERS, fleet: fleet ?? null }, null, 2)}\n`,
        );
        return;
      }
      const lines = [
        `Configuration: ${files.length ? files.join(", ") : 'no configuration file (armada.config.json, armada.config.yaml, "armada" in package.json, ~/.config/armada/config.json)'}`,
      ];
      if (models.length === 0) {
        lines.push(
          'Models: none configured. Name one with --model <provider>:<model> or "model" in armada.config.json (e.g. anthropic:claude-sonnet-4-5, openai:gpt-5.1-codex, ollama:qwen2.5-coder:14b).',
        );
      }
      for (const m of models) {
        lines.push(
          `${m.role === "agent" ? "Model" : "Planner model"}: ${m.model} ${m.ok ? "✓" : "✗"}`,
        );
        if (m.provider)
          lines.push(
            `  provider ${m.provider} (${m.protocol} protocol)${m.baseUrl ? ` at ${m.baseUrl}` : ""}`,
          );
        if (m.keyVariable) lines.push(`  key ${m.keyVariable}: ${m.keySet ? "set" : "not set"}`);
        if (m.server) lines.push(`  server: ${m.server}`);
        if (m.price) lines.push(`  price: ${m.price}`);
        if (m.problem && m.problem !== m.server) lines.push(`  problem: ${m.problem}`);
      }
      lines.push(
        ...agentLines(agents),
        `git: ${git.version} ${git.ok ? "✓" : "✗ (armada needs git >= 2.38)"}`,
        `Sandboxes: ${SANDBOX_DRIVERS.join(", ")}`,
      );
      if (fleet) {
        lines.push(
          `Fleet: ${fleet.redis} ${fleet.ok ? "✓" : "✗"}${fleet.workers ? ` ${fleet.workers.length} worker(s)${fleet.workers.length > 0 ? `: ${fleet.workers.join(", ")}` : " connected"}` : ""}`,
        );
        if (fleet.problem) lines.push(`  problem: ${fleet.problem}`);
      }
      process.stdout.write(`${lines.join("\n")}\n`);
    });
}
