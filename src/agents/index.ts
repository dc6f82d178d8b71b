import { homedir } from "node:os";
import type { AgentConfig } from "../config/index.js";
import type { Agent } from "../core/agent-port.js";
import { UsageError } from "../core/errors.js";
import { type ModelHub, parseModelSpec } from "../models/index.js";
import { RECIPES } from "../recipes/index.js";
import { builtinAgent } from "./builtin-agent.js";
import { cliAgent } from "./cli/cli-agent.js";
import type { CliPreset } from "./cli/cli-preset.js";
import { CLI_PRESETS } from "./cli/cli-presets.js";
import { configuredPreset } from "./cli/configured-preset.js";
import { commandAgent } from "./command-agent.js";
import { llmAgent } from "./llm/llm-agent.js";

export type { CliPreset } from "./cli/cli-preset.js";
export { CLI_PRESETS } from "./cli/cli-presets.js";
export { renderCommand } from "./command-agent.js";
export { shellQuote } from "./shell-quote.js";

export const AGENTS = ["command", "llm", ...Object.keys(CLI_PRESETS)] as const;

export interface AgentSettings {
  agentCommand?: string | undefined;
  /** `provider:model` of the llm agent, and of cli agents that take a model. */
  model?: string | undefined;
  maxSteps?: number | undefined;
  fixTurns?: number | undefined;
  /** The models of this process; only the llm agent needs them. */
  models?: ModelHub | undefined;
  /** The configuration's `agents`: the user's CLIs, and their arguments for the presets. */
  agents?: Record<string, AgentConfig> | undefined;
}

/** The preset of an agent CLI by name, the user's configuration applied; undefined for others. */
export function cliPreset(
  name: string,
  agents: Record<string, AgentConfig> = {},
): CliPreset | undefined {
  const base = CLI_PRESETS[name];
  const config = agents[name];
  if (!config) return base;
  return configuredPreset(name, config, base, config.usage ? CLI_PRESETS[config.usage] : undefined);
}

/**
 * Why an agent CLI cannot run for this user (no key, a login that sub-agents cannot share),
 * found before a run starts anything; undefined when it can, or when it is no CLI.
 */
export function agentRefusal(name: string, settings: AgentSettings): string | undefined {
  const preset = cliPreset(name, settings.agents);
  if (!preset) return undefined;
  const model = settings.model ? parseModelSpec(settings.model) : undefined;
  return preset.auth(process.env, process.env.HOME ?? homedir(), Date.now(), model).refusal;
}

export function createAgent(name: string, settings: AgentSettings): Agent {
  if (name.startsWith("builtin:")) return builtinAgent(name);
  const preset = cliPreset(name, settings.agents);
  if (preset) {
    const models = settings.models;
    return cliAgent(preset, {
      model: settings.model,
      limiter: models ? (provider) => models.limiter(provider) : undefined,
    });
  }
  switch (name) {
    case "command":
      return commandAgent(settings.agentCommand);
    case "llm":
      if (!settings.models) throw new Error("the llm agent needs the models of the process");
      return llmAgent({
        model: settings.model,
        maxSteps: settings.maxSteps,
        fixTurns: settings.fixTurns,
        models: settings.models,
      });
    default:
      throw new UsageError(
        `Unknown agent "${name}". Available agents: ${[...AGENTS, ...RECIPES.map((r) => `builtin:${r.name}`)].join(", ")}. Pick one with --agent, or per task with "agent:" in the plan.`,
      );
  }
}
