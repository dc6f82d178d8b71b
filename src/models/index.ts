export { createModelHub, type ModelHub, type ResolvedModel } from "./model-hub.js";
export { parseModelSpec } from "./model-spec.js";
export { costOf, priceOf } from "./price-table.js";
export { probeProvider } from "./probe-provider.js";
export { promptLoader } from "./prompt-loader.js";
export type { ProviderSettings } from "./providers.js";
export type { Grant, RateLimiter } from "./rate-limiter.js";
