import type { RunModel } from "./run-model.js";

/**
 * Time left, from the mean duration of the finished tasks: the queued tasks' work plus what
 * the working ones probably still need, shared among the run's concurrent slots. Undefined
 * until a task finished, or when nothing is left.
 */
export function estimateRemaining(model: RunModel, now: number): number | undefined {
  const { timed, timedMs, counts, active } = model.tally;
  const queued = counts.queued;
  if (timed === 0 || queued + active.size === 0) return undefined;
  const mean = timedMs / timed;
  let work = queued * mean;
  for (const task of active) work += Math.max(0, mean - (now - (task.startedAt ?? now)));
  const slots = Math.max(1, Math.min(model.run.options.concurrency, queued + active.size));
  return work / slots;
}
