import type { RunView } from "./status-view.js";

/** The exact commands for what to do after a run, given how it ended. */
export function nextSteps(view: RunView): string {
  const { run, tasks } = view;
  const steps: string[] = [];
  const failed = tasks.filter((t) => t.state === "failed");
  if (run.state === "interrupted" || run.state === "running")
    steps.push(`armada resume ${run.id}     # finish the run`);
  if (run.applyState === "applied")
    steps.push("git diff                   # review the change in your working tree");
  if (run.integrationCommit !== run.baseCommit)
    steps.push(`armada diff ${run.id}       # the assembled change`);
  if (
    run.applyState === "refused" ||
    run.applyState === "skipped" ||
    (!run.options.apply && run.integrationCommit !== run.baseCommit)
  ) {
    steps.push(`armada apply ${run.id}      # apply it to your working tree`);
  }
  for (const task of failed.slice(0, 3))
    steps.push(`armada logs ${run.id} ${task.id}   # why ${task.id} failed`);
  if (failed.length > 3)
    steps.push(`armada status ${run.id}     # all ${failed.length} failed tasks and why`);
  for (const task of tasks.filter((t) => t.mergeState === "conflict").slice(0, 3)) {
    steps.push(`armada diff ${run.id} ${task.id}   # ${task.id}'s result, which conflicts`);
  }
  return steps.length ? `Next:\n${steps.map((s) => `  ${s}`).join("\n")}\n` : "";
}
