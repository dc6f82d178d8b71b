import type { AttemptSpec } from "../core/dispatcher-port.js";
import { UsageError } from "../core/errors.js";

/** The prefix of every key armada's queues keep in Redis. */
export const QUEUE_PREFIX = "armada";
/** Where the master announces cancelled attempts (their job ids) to the workers. */
export const CANCEL_CHANNEL = `${QUEUE_PREFIX}:cancel`;
/** Where bundles of code live in Redis. */
export const CODE_PREFIX = `${QUEUE_PREFIX}:code:`;

const LABEL = /^[a-z0-9][a-z0-9_-]{0,31}$/;
/** Every subset of a worker's labels is a queue it serves: 4 labels make 16 queues. */
const MAX_WORKER_LABELS = 4;

/** `--labels a,b` as a sorted list, checked. */
export function parseLabels(value: string | undefined, flag: string): string[] {
  if (value === undefined || value.trim() === "") return [];
  const labels = [...new Set(value.split(",").map((l) => l.trim()))].sort();
  const bad = labels.filter((l) => !LABEL.test(l));
  if (bad.length > 0) {
    throw new UsageError(
      `${flag} takes comma-separated labels of lowercase letters, digits, - and _ (such as gpu,linux), not ${bad.map((b) => `"${b}"`).join(", ")}.`,
    );
  }
  return labels;
}

/** The queue of attempts that need workers with all these labels. */
export function queueFor(labels: string[]): string {
  return labels.length === 0 ? "attempts" : `attempts.${[...labels].sort().join("+")}`;
}

/** The queues a worker with these labels takes attempts from: those needing any subset of them. */
export function queuesServed(labels: string[]): string[] {
  if (labels.length > MAX_WORKER_LABELS) {
    throw new UsageError(
      `A worker takes at most ${MAX_WORKER_LABELS} labels (each subset is a queue it watches); --labels named ${labels.length}. Start one worker per group of labels instead.`,
    );
  }
  const queues: string[] = [];
  for (let mask = 0; mask < 1 << labels.length; mask++) {
    queues.push(queueFor(labels.filter((_, i) => mask & (1 << i))));
  }
  return queues;
}

/** One job per attempt, named so that adding it twice (a master resuming) adds nothing. */
export function jobIdOf(spec: Pick<AttemptSpec, "runId" | "attempt"> & { task: { id: string } }) {
  return `${spec.runId}.${spec.task.id}.${spec.attempt}`;
}

/** Set when an attempt is cancelled, so a worker that picks the job up later skips it. */
export function cancelKey(jobId: string): string {
  return `${QUEUE_PREFIX}:cancelled:${jobId}`;
}
