import { z } from "zod";
import type { AttemptResult, AttemptSpec } from "../core/dispatcher-port.js";
import type { SetupPlan } from "../core/records.js";
import type { SandboxSettings } from "../core/sandbox-port.js";

/** Bumped whenever a job or its result changes shape: master and workers must agree. */
export const FLEET_PROTOCOL = 2;

/** A commit the worker needs, as a bundle in the code store under the commit's id. */
export interface CodeRef {
  commit: string;
  /** Commits the bundle leaves out, which the worker gets from earlier refs of the list. */
  prerequisites: string[];
}

/** What the master puts on the queue for one attempt. */
export interface AttemptJob {
  protocol: number;
  spec: AttemptSpec;
  /** In order: each bundle's prerequisites come before it. */
  code: CodeRef[];
  settings: SandboxSettings;
  /** The run's setup: the worker builds its layer once per key, under the attempt's sandbox. */
  setup?: SetupPlan | undefined;
}

/** What a worker reports while the attempt runs (the job's progress). */
export interface AttemptJobProgress {
  worker?: string | undefined;
  phase?: "agent" | "checks" | "capture" | "rate-limited" | undefined;
  /** The agent's model API answered it: the master lets the rest of that agent's tasks go. */
  answered?: boolean | undefined;
  /** Log output since the last report. */
  log?: string | undefined;
}

/** What a worker returns: the result, its change (if any) left in the code store. */
export interface AttemptJobResult {
  protocol: number;
  worker: string;
  result: AttemptResult;
  /** The code-store key of an llm agent's transcript (its full message history), if it kept one. */
  transcript?: string | undefined;
}

/** Where an attempt's transcript sits beside its log, on the worker as on the master. */
export function transcriptPathOf(logPath: string): string {
  return logPath.replace(/\.log$/, ".transcript.json");
}

const jobShape = z.object({
  protocol: z.number(),
  spec: z
    .object({
      runId: z.string(),
      attempt: z.number(),
      agent: z.string(),
      startCommit: z.string().regex(/^[0-9a-f]{40,64}$/),
      task: z.object({ id: z.string(), checks: z.array(z.string()) }).loose(),
    })
    .loose(),
  code: z.array(z.object({ commit: z.string(), prerequisites: z.array(z.string()) })),
  settings: z.object({}).loose(),
  setup: z
    .object({
      commands: z.array(z.string()),
      from: z.string(),
      env: z.array(z.string()),
      network: z.boolean(),
    })
    .optional(),
});

/** The job's data, checked for the shape this worker understands; a reason when it is not. */
export function readAttemptJob(data: unknown): AttemptJob | string {
  const version = (data as { protocol?: unknown } | null)?.protocol;
  if (version !== FLEET_PROTOCOL) {
    return `the master speaks fleet protocol ${String(version)} and this worker ${FLEET_PROTOCOL}: run the same armada version on the master and the workers`;
  }
  const parsed = jobShape.safeParse(data);
  if (!parsed.success) return `the job is malformed: ${parsed.error.issues[0]?.message ?? "?"}`;
  return data as AttemptJob;
}
