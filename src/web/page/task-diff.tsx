import type { DiffText, TaskDetail, TaskView } from "../api.js";
import { taskDiffPath } from "./api-paths.js";
import { DiffView } from "./diff-view.js";
import { ErrorLine } from "./error-line.js";
import { useFetch } from "./use-fetch.js";

function noResult(task: TaskView): string {
  switch (task.state) {
    case "queued":
      return "The task has not started yet.";
    case "active":
      return "The task is still working; its diff shows once it has a result.";
    case "completed":
      return task.noChange === undefined
        ? "The task completed without a result to show."
        : "The task completed without changing anything.";
    case "failed":
      return "The task failed without a result.";
    case "cancelled":
      return "The task was cancelled before it had a result.";
    case "blocked":
      return "The task was blocked: one of its dependencies did not complete.";
  }
}

/** The change the task's result made, or why it has none. */
export function TaskDiff(props: { runId: string; task: TaskView; detail: TaskDetail }) {
  const { runId, task, detail } = props;
  const result = detail.result;
  const diff = useFetch<DiffText>(
    result ? taskDiffPath(runId, task.id) : null,
    result?.commit ?? "",
  );
  return (
    <section className="section" aria-labelledby="task-diff-title">
      <h2 id="task-diff-title">Diff</h2>
      {!result && <p className="empty">{noResult(task)}</p>}
      {result && result.outOfScope.length > 0 && (
        <p className="warning">
          Changed outside its files:{" "}
          {result.outOfScope.map((path) => (
            <code key={path}>{path}</code>
          ))}
        </p>
      )}
      {diff.error !== undefined && <ErrorLine error={diff.error} onRetry={diff.reload} />}
      {diff.data && <DiffView diff={diff.data} />}
      {result && !diff.data && diff.loading && <p className="empty">Loading the diff…</p>}
    </section>
  );
}
