import type { RunModel } from "./run-model.js";

/**
 * Time left, from the mean duration of the finished tasks: the queued tasks' work plus what
 * the working ones probably still need, shared among the run's concurrent slots. Undefined
 * until a task finished, or when nothing is left.
 */
export function estimateRemaining(model: RunModel, now: number): number | undefined {
  let finished = 0;
  let spent = 0;
  let queued = 0;
  const working: number[] = [];
  for (const task of model.tasks.values()) {
    if (
      task.state === "completed" &&
      task.startedAt !== undefined &&
      task.finishedAt !== undefined
    ) {
      finished++;
      spent += task.finishedAt - task.startedAt;
    } else if (task.state === "queued") queued++;
    else if (task.state === "active") working.push(task.startedAt ?? now);
  }
  if (finished === 0 || queued + working.length === 0) return undefined;
  const mean = spent / finished;
  const work = queued * mean + working.reduce((sum, at) => sum + Math.max(0, mean - (now - at)), 0);
  const slots = Math.max(1, Math.min(model.run.options.concurrency, queued + working.length));
  return work / slots;
}
