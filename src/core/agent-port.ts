import type { TaskSpec } from "./plan.js";
import type { Sandbox } from "./sandbox-port.js";
import type { Usage } from "./usage.js";

export interface CheckFailureDetail {
  check: string;
  /** How it failed: an exit code, a timeout. */
  error: string;
  /** The end of its output. */
  output: string;
}

export interface TaskChecksOutcome {
  passed: boolean;
  cancelled: boolean;
  failures: CheckFailureDetail[];
}

export interface AgentContext {
  runId: string;
  objective: string;
  attempt: number;
  /** The files of the start commit that the task's scope matches. */
  files: string[];
  /** The tail of the previous attempt's log when this is a retry. */
  previousFailure?: string | undefined;
  /** What the planner said about the repository's conventions, for the agent's prompt. */
  conventions?: string | undefined;
  /** A conflict to avoid or a failing check to fix, when assembly asked for this attempt. */
  context?: string | undefined;
  /** The environment the sandbox allows; agents add their own variables to it. */
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  log: (chunk: Buffer | string) => void;
  onSpawn?: (pgid: number) => void;
  /** Runs the task's checks in the sandbox as it is now (agents that fix their own failures). */
  runChecks: () => Promise<TaskChecksOutcome>;
  /** Where an agent that talks to a model keeps the attempt's full message history (JSON). */
  transcriptPath: string;
  /** Told once, when the agent's own model API first answers it (agent CLIs). */
  onAnswered?: () => void;
  /** Told when the agent starts and stops waiting on a shared rate limit. */
  onRateLimitWait?: (waiting: boolean) => void;
}

export interface AgentOutcome {
  ok: boolean;
  /** Why the agent failed, in one line. */
  error?: string;
  timedOut?: boolean;
  durationMs: number;
  /** Counts worth showing in the run's summary, e.g. `type-debt` from the js-to-ts recipe. */
  metrics?: Record<string, number> | undefined;
  /** Model tokens (and their cost) the attempt used. */
  usage?: Usage | undefined;
  /** The task's checks ran on the final state and passed, so they need not run again. */
  checked?: boolean;
  /** Every other attempt would fail the same way (a wrong key, an unknown model). */
  fatal?: boolean;
}

/** Performs a task inside a sandbox. */
export interface Agent {
  readonly name: string;
  /**
   * Files of the user's home the agent reads (an agent CLI's configuration), shown read-only
   * in sandboxes that hide the home, at the same path.
   */
  readonly homeFiles?: string[];
  /** Host folders holding the agent's program, for sandboxes whose system lacks it (docker). */
  readonly programDirs?: string[];
  run(task: TaskSpec, sandbox: Sandbox, context: AgentContext): Promise<AgentOutcome>;
}
