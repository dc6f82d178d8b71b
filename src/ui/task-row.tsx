import { Text } from "ink";
import { clockText } from "./clock-text.js";
import type { ListRow } from "./list-rows.js";
import type { RowLayout } from "./row-layout.js";
import { cell } from "./row-layout.js";
import type { TaskRow as Task } from "./run-model.js";
import { LOOK_COLOR, LOOK_ICON, LOOK_LABEL, taskLook } from "./task-look.js";
import { useColors } from "./theme.js";

function detailOf(task: Task): string {
  if (task.cancelRequested && (task.state === "active" || task.state === "queued"))
    return "cancelling…";
  if (task.mergeState === "conflict") return `conflicts in ${task.conflictPaths.join(", ")}`;
  if (task.state === "active") return task.lastLine ?? (task.phase ? `(${task.phase})` : "");
  if (task.state === "completed" && task.noChange !== undefined)
    return `changed nothing: ${task.noChange}`;
  if (task.state === "failed" || task.state === "blocked" || task.state === "cancelled")
    return task.error?.split("\n")[0] ?? "";
  if (task.state === "queued" && task.attempt > 0 && task.error)
    return `retrying: ${task.error.split("\n")[0]}`;
  return "";
}

/** A queued task's worker belongs to an attempt that is over. */
function workerOf(task: Task): string {
  return task.worker && task.state !== "queued" ? `@${task.worker}` : "";
}

function clockOf(task: Task, now: number): string {
  if (!task.startedAt || task.state === "queued") return "";
  return clockText((task.finishedAt ?? now) - task.startedAt);
}

export function TaskRow(props: {
  row: ListRow;
  layout: RowLayout;
  selected: boolean;
  now: number;
}) {
  const { row, layout, selected, now } = props;
  const { on, color } = useColors();
  const mark = selected ? "› " : "  ";
  const inverse = selected && on;
  if (row.kind === "done") {
    return (
      <Text wrap="truncate-end" inverse={inverse}>
        {mark}
        {LOOK_ICON.done} <Text color={color("green")}>{row.count} done</Text>
        <Text dimColor={on}>{row.expanded ? " · enter folds them" : " · enter shows them"}</Text>
      </Text>
    );
  }
  const { task } = row;
  const look = taskLook(task);
  const detail = layout.detail ? detailOf(task) : "";
  return (
    <Text wrap="truncate-end" inverse={inverse}>
      {mark}
      {LOOK_ICON[look]} {cell(task.id, layout.id)}
      {layout.title ? `  ${cell(task.title, layout.title)}` : ""}
      {"  "}
      <Text color={color(LOOK_COLOR[look])}>{cell(LOOK_LABEL[look], layout.label)}</Text>
      {layout.attempt ? cell(task.attempt ? `#${task.attempt}` : "", layout.attempt) : ""}
      {layout.clock
        ? clockOf(task, now)
            .padStart(layout.clock - 1)
            .padEnd(layout.clock)
        : ""}
      {layout.worker ? <Text dimColor={on}>{cell(workerOf(task), layout.worker - 1)} </Text> : ""}
      {detail ? <Text dimColor={on}>{`  ${cell(detail, layout.detail)}`}</Text> : ""}
    </Text>
  );
}
