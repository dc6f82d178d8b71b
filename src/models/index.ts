export type { ModelFailure } from "./classify-model-error.js";
export {
  createModelHub,
  type LanguageModelHandle,
  type ModelHub,
  type ModelHubOptions,
  type ResolvedModel,
} from "./model-hub.js";
export { formatModelSpec, type ModelSpec, parseModelSpec } from "./model-spec.js";
export { costOf, DEFAULT_PRICES, priceOf } from "./price-table.js";
export { type ProbeResult, probeProvider } from "./probe-provider.js";
export { type PromptRenderer, promptLoader } from "./prompt-loader.js";
export { KNOWN_PROVIDERS, type ProviderKind, type ProviderSettings } from "./providers.js";
export { type Grant, RateLimiter, type RateLimits } from "./rate-limiter.js";
