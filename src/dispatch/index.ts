export { openCappedLog } from "./capped-log.js";
export type { AgentFactory, SandboxFactory } from "./factories.js";
export { localDispatcher } from "./local-dispatcher.js";
export { runAttempt } from "./run-attempt.js";
