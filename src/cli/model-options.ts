import type { Command } from "commander";
import type { ArmadaConfig } from "../config/index.js";
import { NoModelConfiguredError, type RunOptions, UsageError } from "../core/index.js";
import type { ModelHub } from "../models/index.js";
import { parseCount } from "./parse-options.js";

export interface ModelFlags {
  model?: string;
  plannerModel?: string;
  baseUrl?: string;
}

export interface AgentLoopFlags extends ModelFlags {
  maxSteps?: string;
  fixTurns?: string;
  budget?: string;
  rpm?: string;
  tpm?: string;
  attempts?: string;
}

/** The model flags `run` and `plan` share. */
export function modelOptions(command: Command): Command {
  return command
    .option(
      "--model <provider:model>",
      "the llm agent's model, and the planner's unless --planner-model",
    )
    .option("--planner-model <provider:model>", "the master planner's model")
    .option("--base-url <url>", "the server of an OpenAI-compatible provider (Ollama, vLLM, ...)");
}

/** The bounds of the llm agent and of the run's spending; best-of-N. */
export function agentLoopOptions(command: Command): Command {
  return command
    .option(
      "--attempts <n|agents>",
      "attempts of each task side by side, a number or agents (claude,codex); the best is kept",
    )
    .option("--max-steps <n>", "model steps per attempt of the llm agent (default 60)")
    .option("--fix-turns <n>", "rounds the llm agent gets to fix failed checks (default 2)")
    .option("--budget <dollars>", "start no new task once the run has spent this much")
    .option("--rpm <n>", "model requests per minute per provider, for all sub-agents together")
    .option("--tpm <n>", "model tokens per minute per provider, for all sub-agents together");
}

export function parseDollars(text: string, flag: string): number {
  const value = Number(text.trim().replace(/^\$/, ""));
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(
      `${flag} must be an amount in US dollars, such as 5 or 0.50, not "${text}".`,
    );
  return value;
}

/** The master planner's model: --planner-model, --model, then the configuration's. */
export function plannerModel(flags: ModelFlags, config: ArmadaConfig): string | undefined {
  return flags.plannerModel ?? flags.model ?? config.plannerModel ?? config.model;
}

/** Flags over the configuration for the model parts of a run's options. Never a key. */
export function modelRunOptions(
  flags: AgentLoopFlags,
  config: ArmadaConfig,
): Pick<
  RunOptions,
  | "model"
  | "baseUrl"
  | "maxSteps"
  | "fixTurns"
  | "budgetUsd"
  | "rpm"
  | "tpm"
  | "bestOf"
  | "attemptAgents"
> {
  // `--attempts 3`, or `--attempts claude,codex`: one attempt of each agent, side by side.
  const agents =
    flags.attempts && !/^\d+$/.test(flags.attempts.trim())
      ? flags.attempts.split(",").map((a) => a.trim())
      : undefined;
  if (agents?.some((a) => !a)) {
    throw new UsageError(
      `--attempts "${flags.attempts}": give a number of attempts (--attempts 3) or the agents to try side by side, comma-separated (--attempts claude,codex).`,
    );
  }
  return {
    model: flags.model ?? config.model,
    baseUrl: flags.baseUrl ?? config.baseUrl,
    maxSteps: flags.maxSteps ? parseCount(flags.maxSteps, "--max-steps") : config.maxSteps,
    fixTurns: flags.fixTurns ? parseCount(flags.fixTurns, "--fix-turns", 0) : config.fixTurns,
    budgetUsd: flags.budget ? parseDollars(flags.budget, "--budget") : config.budget,
    rpm: flags.rpm ? parseCount(flags.rpm, "--rpm") : undefined,
    tpm: flags.tpm ? parseCount(flags.tpm, "--tpm") : undefined,
    bestOf: agents
      ? agents.length
      : flags.attempts
        ? parseCount(flags.attempts, "--attempts")
        : undefined,
    ...(agents ? { attemptAgents: agents } : {}),
  };
}

/**
 * Before anything starts: the llm agent has a model whose key is set, and a budget can be
 * counted (the model has a price).
 */
export function checkModelAgents(models: ModelHub, options: RunOptions, agents: string[]): void {
  if (!agents.includes("llm")) return;
  if (!options.model) throw new NoModelConfiguredError("agent");
  const resolved = models.resolve(options.model);
  if (options.budgetUsd !== undefined && !resolved.price) {
    throw new UsageError(
      `--budget needs the price of ${resolved.label}, which armada does not know. Add it to armada.config.json: "prices": {"${resolved.label}": {"input": <USD per million input tokens>, "output": <USD per million output tokens>}}.`,
    );
  }
}
