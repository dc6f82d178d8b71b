import type { ActionResult, TaskView } from "../api.js";
import { postAction } from "./api-client.js";
import { cancelTaskPath, retryTaskPath } from "./api-paths.js";
import { ConfirmAction } from "./confirm-action.js";

/** Cancel a task that has not ended, or retry one that ended badly. */
export function TaskActions(props: {
  runId: string;
  task: TaskView;
  report: (action: Promise<ActionResult>) => Promise<void>;
}) {
  const { runId, task, report } = props;
  const cancellable = task.state === "queued" || task.state === "active";
  const retryable =
    task.state === "failed" || task.state === "cancelled" || task.state === "blocked";
  if (!cancellable && !retryable) return null;
  return (
    <div className="actions">
      {cancellable && (
        <ConfirmAction
          label={task.cancelRequested ? "Cancelling…" : "Cancel task"}
          testId="cancel-task"
          title={`Cancel ${task.id}?`}
          confirmLabel="Cancel task"
          danger
          onConfirm={() => report(postAction(cancelTaskPath(runId, task.id)))}
        >
          <p>Its attempt stops and the tasks that depend on it are blocked.</p>
        </ConfirmAction>
      )}
      {retryable && (
        <ConfirmAction
          label="Retry task"
          testId="retry-task"
          title={`Retry ${task.id}?`}
          confirmLabel="Retry"
          onConfirm={() => report(postAction(retryTaskPath(runId, task.id)))}
        >
          <p>It is queued again, with the tasks it blocked.</p>
        </ConfirmAction>
      )}
    </div>
  );
}
