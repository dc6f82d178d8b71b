export type { AgentConfig, ArmadaConfig, Price, ProviderConfig } from "./config-schema.js";
export { loadConfig } from "./load-config.js";
