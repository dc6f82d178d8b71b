export type {
  Agent,
  AgentContext,
  AgentOutcome,
  TaskChecksOutcome,
} from "./agent-port.js";
export type {
  Assembler,
  CheckFailure,
  CheckReport,
  CombineOutcome,
  MergeInput,
  SyncReport,
} from "./assembler-port.js";
export type {
  AttemptHooks,
  AttemptProgress,
  AttemptResult,
  AttemptSpec,
  Dispatcher,
} from "./dispatcher-port.js";
export { formatDuration, parseDuration, parseSize } from "./duration.js";
export type { Environment, SetupOutcome } from "./environment-port.js";
export {
  ArmadaError,
  ConfigError,
  MissingApiKeyError,
  ModelCallError,
  NoCommitsError,
  NoModelConfiguredError,
  NotAGitRepositoryError,
  PlanError,
  PlanningFailedError,
  SyncRefusedError,
  toArmadaError,
  UnknownRunError,
  UnknownTaskError,
  UsageError,
} from "./errors.js";
export { executeRun } from "./execute-run.js";
export { literalGlob } from "./literal-glob.js";
export { masterAlive, pidAlive } from "./liveness.js";
export { masterGone } from "./master-gone.js";
export type { Plan, TaskSpec } from "./plan.js";
export { reclaimOrphans, reclaimRun } from "./reclaim-run.js";
export {
  type ApplyState,
  type AttemptRecord,
  type ConflictPolicy,
  type Culprit,
  countByState,
  DEFAULT_RUN_OPTIONS,
  FINISHED_RUN_STATES,
  type MergeState,
  type ResultRecord,
  type RunEvent,
  type RunOptions,
  type RunRecord,
  type RunState,
  type SetupPlan,
  type SetupRecord,
  TASK_STATES,
  type TaskKind,
  type TaskRecord,
  type TaskState,
} from "./records.js";
export { requestTaskCancel, type TaskCancelOutcome } from "./request-task-cancel.js";
export { requestTaskRetry, type TaskRetryOutcome } from "./request-task-retry.js";
export { newRunId } from "./run-id.js";
export type { EngineDeps } from "./run-session.js";
export type {
  ExecOptions,
  ExecResult,
  Sandbox,
  SandboxDriver,
  SandboxOptions,
  SandboxSettings,
} from "./sandbox-port.js";
export type { NewRun, RunStore } from "./store-port.js";
export { addUsage, formatUsd, knownCost, NO_USAGE, type Usage } from "./usage.js";
