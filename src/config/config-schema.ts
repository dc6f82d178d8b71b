import { z } from "zod";

const count = z.number().int().positive();

/** USD per million tokens. */
export const priceSchema = z
  .object({
    input: z.number().nonnegative(),
    output: z.number().nonnegative(),
    cachedInput: z.number().nonnegative().optional(),
  })
  .strict();

export const providerSchema = z
  .object({
    /** The protocol of a provider this file names itself (e.g. a company's vLLM server). */
    type: z.enum(["openai", "anthropic", "openai-compatible"]).optional(),
    baseUrl: z.url().optional(),
    /** The name of the environment variable holding the key: keys never go in files. */
    apiKeyEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name")
      .optional(),
    rpm: count.optional(),
    tpm: count.optional(),
  })
  .strict();

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name");

/**
 * An agent CLI of the user's, or their arguments for one of armada's presets: `{prompt}` in
 * `args` is the task's prompt, `{model}` the model id.
 */
export const agentConfigSchema = z
  .object({
    /** The program (a name on PATH or a path); a preset's own when it overrides one. */
    command: z.string().min(1).optional(),
    args: z.array(z.string()).optional(),
    /** Variables of the user's environment it gets, besides the preset's. */
    env: z.array(variableName).optional(),
    /** Files under $HOME it reads, shown read-only in sandboxes. */
    files: z.array(z.string().min(1)).optional(),
    /** Its model API's URL: the one address its sandbox reaches (through armada's proxy). */
    endpoint: z.url().optional(),
    /** Whose structured output it prints, for usage, actions and failures; `none` for text. */
    usage: z.enum(["claude", "codex", "gemini", "opencode", "none"]).optional(),
  })
  .strict();

/**
 * `armada.config.{json,yaml}`, the "armada" key of package.json, or the user's
 * `~/.config/armada/config.{json,yaml}`: defaults for flags, providers, prices.
 */
export const configSchema = z
  .object({
    model: z.string().min(1).optional(),
    plannerModel: z.string().min(1).optional(),
    baseUrl: z.url().optional(),
    maxSteps: count.optional(),
    fixTurns: z.number().int().nonnegative().optional(),
    maxTasks: count.optional(),
    budget: z.number().positive().optional(),
    /** Tries the planner gets to produce a valid plan. */
    planRetries: z.number().int().nonnegative().optional(),
    /** Exploration steps of the planner before it must answer. */
    plannerSteps: count.optional(),
    providers: z.record(z.string(), providerSchema).optional(),
    /** Agent CLIs of the user's, and their arguments for armada's presets. */
    agents: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, "must be a lowercase name"), agentConfigSchema)
      .optional(),
    /** Keys are `provider:model`, or `provider:*` for every model of a provider. */
    prices: z.record(z.string(), priceSchema).optional(),
    /** Setup commands of every run in this repository, when its plan names none. */
    setup: z.array(z.string().min(1, "must not be empty")).optional(),
    /** Variables of the user's environment setup gets (a registry token); agents never do. */
    setupEnv: z.array(variableName).optional(),
    /** The fleet's Redis (`--cloud`): runs dispatch through it. Its password stays in the environment. */
    cloud: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .refine((url) => !/^rediss?:\/\/[^/@]*:[^/@]*@/.test(url), {
        message:
          "holds a password, which does not belong in configuration files; set ARMADA_REDIS_PASSWORD in the environment instead",
      })
      .optional(),
  })
  .strict();

export type ArmadaConfig = z.output<typeof configSchema>;
export type ProviderConfig = z.output<typeof providerSchema>;
export type AgentConfig = z.output<typeof agentConfigSchema>;
export type Price = z.output<typeof priceSchema>;
