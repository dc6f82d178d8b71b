export type { ArmadaConfig, Price, ProviderConfig } from "./config-schema.js";
export { loadConfig } from "./load-config.js";
