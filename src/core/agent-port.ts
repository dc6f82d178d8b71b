import type { TaskSpec } from "./plan.js";
import type { Sandbox } from "./sandbox-port.js";

export interface AgentContext {
  runId: string;
  objective: string;
  attempt: number;
  /** The files of the start commit that the task's scope matches. */
  files: string[];
  /** The tail of the previous attempt's log when this is a retry. */
  previousFailure?: string | undefined;
  /** A conflict to avoid or a failing check to fix, when assembly asked for this attempt. */
  context?: string | undefined;
  /** The environment the sandbox allows; agents add their own variables to it. */
  env: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
  log: (chunk: Buffer | string) => void;
  onSpawn?: (pgid: number) => void;
}

export interface AgentOutcome {
  ok: boolean;
  /** Why the agent failed, in one line. */
  error?: string;
  timedOut?: boolean;
  durationMs: number;
}

/** Performs a task inside a sandbox. */
export interface Agent {
  readonly name: string;
  run(task: TaskSpec, sandbox: Sandbox, context: AgentContext): Promise<AgentOutcome>;
}
