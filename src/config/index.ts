export type { ArmadaConfig, Price, ProviderConfig } from "./config-schema.js";
export { type LoadedConfig, loadConfig } from "./load-config.js";
