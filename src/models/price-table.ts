import type { Price } from "../config/index.js";
import type { ModelSpec } from "./model-spec.js";

/**
 * List prices in USD per million tokens when this table was written; a configuration's
 * "prices" overrides or extends it (keys `provider:model` or `provider:*`).
 */
const DEFAULT_PRICES: Record<string, Price> = {
  "openai:gpt-5.1": { input: 1.25, cachedInput: 0.125, output: 10 },
  "openai:gpt-5.1-codex": { input: 1.25, cachedInput: 0.125, output: 10 },
  "openai:gpt-5.1-codex-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "openai:gpt-5": { input: 1.25, cachedInput: 0.125, output: 10 },
  "openai:gpt-5-codex": { input: 1.25, cachedInput: 0.125, output: 10 },
  "openai:gpt-5-mini": { input: 0.25, cachedInput: 0.025, output: 2 },
  "openai:gpt-5-nano": { input: 0.05, cachedInput: 0.005, output: 0.4 },
  "openai:gpt-4.1": { input: 2, cachedInput: 0.5, output: 8 },
  "openai:gpt-4.1-mini": { input: 0.4, cachedInput: 0.1, output: 1.6 },
  "openai:gpt-4.1-nano": { input: 0.1, cachedInput: 0.025, output: 0.4 },
  "openai:gpt-4o": { input: 2.5, cachedInput: 1.25, output: 10 },
  "openai:gpt-4o-mini": { input: 0.15, cachedInput: 0.075, output: 0.6 },
  "openai:o3": { input: 2, cachedInput: 0.5, output: 8 },
  "openai:o4-mini": { input: 1.1, cachedInput: 0.275, output: 4.4 },
  "anthropic:claude-opus-4-5": { input: 5, cachedInput: 0.5, output: 25 },
  "anthropic:claude-opus-4-1": { input: 15, cachedInput: 1.5, output: 75 },
  "anthropic:claude-sonnet-4-5": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic:claude-sonnet-4-0": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic:claude-sonnet-4": { input: 3, cachedInput: 0.3, output: 15 },
  "anthropic:claude-haiku-4-5": { input: 1, cachedInput: 0.1, output: 5 },
  "anthropic:claude-3-5-haiku": { input: 0.8, cachedInput: 0.08, output: 4 },
  "ollama:*": { input: 0, output: 0 },
  "lmstudio:*": { input: 0, output: 0 },
  "llamacpp:*": { input: 0, output: 0 },
  "vllm:*": { input: 0, output: 0 },
};

/** Model ids often carry a snapshot date (`claude-sonnet-4-5-20250929`) or `-latest`. */
function baseId(modelId: string): string {
  return modelId.replace(/-(\d{8}|\d{4}-\d{2}-\d{2}|latest)$/, "");
}

/** The price of a model: configured first, then the defaults; undefined when unknown. */
export function priceOf(spec: ModelSpec, overrides: Record<string, Price> = {}): Price | undefined {
  const keys = [
    `${spec.provider}:${spec.modelId}`,
    `${spec.provider}:${baseId(spec.modelId)}`,
    `${spec.provider}:*`,
  ];
  for (const table of [overrides, DEFAULT_PRICES]) {
    for (const key of keys) {
      const price = table[key];
      if (price) return price;
    }
  }
  return undefined;
}

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
  /** Input tokens served from the provider's cache, billed at the cached price when known. */
  cachedInputTokens: number;
}

export function costOf(price: Price, tokens: TokenCounts): number {
  const cached = Math.min(tokens.cachedInputTokens, tokens.inputTokens);
  const fresh = tokens.inputTokens - cached;
  return (
    (fresh * price.input +
      cached * (price.cachedInput ?? price.input) +
      tokens.outputTokens * price.output) /
    1_000_000
  );
}
