export { createAgent } from "./agents/index.js";
export { gitAssembler, integrationBranch, resultRef, syncWorkingTree } from "./assemble/index.js";
export * as core from "./core/index.js";
export { localDispatcher, runAttempt } from "./dispatch/index.js";
export { openRepo, snapshot } from "./git/index.js";
export { lintPlan, loadPlanFile, parsePlanText, planEach, planToYaml } from "./plan/index.js";
export { createSandboxDriver } from "./sandbox/index.js";
export { openStore } from "./store/index.js";
