export { planEach } from "./each-planner.js";
export { lintPlan, type PlanLint } from "./lint-plan.js";
export { planWithModel } from "./llm-planner.js";
export { loadPlanFile, parsePlanText } from "./load-plan-file.js";
export { planSchema, TASK_ID, taskSchema } from "./plan-schema.js";
export { planToYaml } from "./plan-yaml.js";
export { type RepoSummary, summariseRepo } from "./repo-summary/summarise-repo.js";
export { filesInScope, literalGlob, type ScopeIndex, scopeIndex, scopeMatcher } from "./scope.js";
export { slug } from "./slug.js";
