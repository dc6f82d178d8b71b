import { createAnthropic } from "@ai-sdk/anthropic";
import { createOpenAI } from "@ai-sdk/openai";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { type LanguageModelUsage, wrapLanguageModel } from "ai";
import type { ArmadaConfig, Price } from "../config/index.js";
import { MissingApiKeyError } from "../core/errors.js";
import type { Usage } from "../core/usage.js";
import { classifyModelError, type ModelFailure } from "./classify-model-error.js";
import { formatModelSpec, type ModelSpec, parseModelSpec } from "./model-spec.js";
import { costOf, priceOf } from "./price-table.js";
import { type ProviderSettings, providerSettings } from "./providers.js";
import { rateLimitMiddleware } from "./rate-limit-middleware.js";
import { RateLimiter } from "./rate-limiter.js";

export type LanguageModelHandle = ReturnType<typeof wrapLanguageModel>;

/** A model ready to call, with what armada needs around it: its price and its failures. */
export interface ResolvedModel {
  /** `provider:model`. */
  label: string;
  spec: ModelSpec;
  provider: ProviderSettings;
  model: LanguageModelHandle;
  price: Price | undefined;
  usage(sdk: LanguageModelUsage): Usage;
  failure(error: unknown): ModelFailure;
}

export interface ModelHubOptions {
  config: ArmadaConfig;
  env?: NodeJS.ProcessEnv;
  /** `--base-url`: the server of the providers this run names. */
  baseUrl?: string | undefined;
  /** `--rpm`/`--tpm`: limits of every provider, over the configured ones. */
  rpm?: number | undefined;
  tpm?: number | undefined;
}

export interface ModelHub {
  resolve(
    text: string,
    options?: { flag?: string; onRateLimitWait?: (waiting: boolean) => void },
  ): ResolvedModel;
  /** The provider's settings without needing its key: what `doctor` reports. */
  settings(text: string, flag?: string): { spec: ModelSpec; provider: ProviderSettings };
  /**
   * The provider's shared rate limiter (`--rpm`/`--tpm`, or its configured limits), for agents
   * that call it themselves (agent CLIs); undefined when no limit applies to it.
   */
  limiter(provider: string): RateLimiter | undefined;
}

function baseModel(spec: ModelSpec, provider: ProviderSettings, apiKey: string | undefined) {
  const baseURL = provider.baseUrl;
  switch (provider.kind) {
    case "openai":
      return createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) })(spec.modelId);
    case "anthropic":
      return createAnthropic({ apiKey, ...(baseURL ? { baseURL } : {}) })(spec.modelId);
    case "openai-compatible":
      return createOpenAICompatible({
        name: provider.name,
        baseURL: baseURL ?? "",
        ...(apiKey ? { apiKey } : {}),
        includeUsage: true,
      }).chatModel(spec.modelId);
  }
}

/**
 * Resolves `provider:model` names into callable models for the planner and every sub-agent of
 * this process, with one rate limiter per provider shared by all of them. Keys are read from
 * the environment at the moment of the call's creation and go nowhere else.
 */
export function createModelHub(options: ModelHubOptions): ModelHub {
  const env = options.env ?? process.env;
  const limiters = new Map<string, RateLimiter>();
  const limiterOf = (name: string, limits: { rpm?: number; tpm?: number }): RateLimiter => {
    let limiter = limiters.get(name);
    if (!limiter) {
      limiter = new RateLimiter({ rpm: options.rpm ?? limits.rpm, tpm: options.tpm ?? limits.tpm });
      limiters.set(name, limiter);
    }
    return limiter;
  };
  const settings = (text: string, flag = "--model") => {
    const spec = parseModelSpec(text, flag);
    return {
      spec,
      provider: providerSettings(spec.provider, options.config.providers, options.baseUrl),
    };
  };
  return {
    settings,
    limiter(provider) {
      const configured = options.config.providers?.[provider];
      const rpm = options.rpm ?? configured?.rpm;
      const tpm = options.tpm ?? configured?.tpm;
      if (rpm === undefined && tpm === undefined) return undefined;
      return limiterOf(provider, { ...(rpm ? { rpm } : {}), ...(tpm ? { tpm } : {}) });
    },
    resolve(text, resolveOptions = {}) {
      const { spec, provider } = settings(text, resolveOptions.flag);
      const label = formatModelSpec(spec);
      const apiKey = provider.keyEnv ? env[provider.keyEnv] || undefined : undefined;
      if (provider.keyRequired && !apiKey)
        throw new MissingApiKeyError(label, provider.keyEnv ?? "");
      const limiter = limiterOf(provider.name, {
        ...(provider.rpm !== undefined ? { rpm: provider.rpm } : {}),
        ...(provider.tpm !== undefined ? { tpm: provider.tpm } : {}),
      });
      const price = priceOf(spec, options.config.prices);
      return {
        label,
        spec,
        provider,
        price,
        model: wrapLanguageModel({
          model: baseModel(spec, provider, apiKey),
          middleware: rateLimitMiddleware(limiter, resolveOptions.onRateLimitWait),
        }),
        usage(sdk) {
          const tokens = {
            inputTokens: sdk.inputTokens ?? 0,
            outputTokens: sdk.outputTokens ?? 0,
            cachedInputTokens: sdk.inputTokenDetails?.cacheReadTokens ?? 0,
          };
          return {
            inputTokens: tokens.inputTokens,
            outputTokens: tokens.outputTokens,
            costUsd: price ? costOf(price, tokens) : undefined,
          };
        },
        failure: (error) => classifyModelError(error, provider, label),
      };
    },
  };
}
