import { memo } from "react";
import type { TaskState, TaskView } from "../api.js";
import { formatDuration } from "./format.js";
import { taskHref } from "./route.js";
import { StateBadge } from "./state-badge.js";
import { taskDuration } from "./task-filter.js";

/** States whose error says what went wrong; a cancelled task's only says it was cancelled. */
const FAILED: ReadonlySet<TaskState> = new Set(["failed", "blocked"]);

function lastWords(task: TaskView): string {
  return task.error ?? task.lastLine ?? task.noChange ?? "";
}

/** One task in the table. `now` is 0 for a task that is not running, so its row stays put. */
export const TaskRow = memo(function TaskRow(props: {
  task: TaskView;
  runId: string;
  selected: boolean;
  now: number;
}) {
  const { task, now } = props;
  const duration = taskDuration(task, now);
  const last = lastWords(task);
  return (
    <tr
      aria-current={props.selected ? "true" : undefined}
      className={props.selected ? "task-row selected" : "task-row"}
      data-testid="task-row"
      data-task-id={task.id}
      data-state={task.state}
    >
      <td className="number dim">{task.seq}</td>
      <td className="cell-id">
        <a href={taskHref(props.runId, task.id)} tabIndex={-1}>
          {task.id}
        </a>
      </td>
      <td title={task.title}>{task.title}</td>
      <td>
        <StateBadge state={task.state} />
      </td>
      <td className="number">{task.attempt || ""}</td>
      <td title={task.worker}>{task.worker ?? ""}</td>
      <td className="number">{duration === undefined ? "" : formatDuration(duration)}</td>
      <td className={`merge-${task.mergeState}`}>{task.mergeState}</td>
      <td className={FAILED.has(task.state) && task.error ? "cell-error" : "dim"} title={last}>
        {task.phase && task.state === "active" ? `[${task.phase}] ` : ""}
        {last}
      </td>
    </tr>
  );
});
