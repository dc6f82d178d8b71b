import { Box, Text } from "ink";
import type { ListRow } from "./list-rows.js";
import { rowLayout } from "./row-layout.js";
import { TaskRow } from "./task-row.js";
import { useColors } from "./theme.js";

/** The rows in view, under a rule that says which part of the list they are. */
export function TaskList(props: {
  rows: ListRow[];
  offset: number;
  selected: number;
  height: number;
  width: number;
  longestId: number;
  /** 0 when no task names a worker: local runs keep their columns. */
  longestWorker: number;
  now: number;
}) {
  const { rows, offset, selected, height, width, longestId, longestWorker, now } = props;
  const { color } = useColors();
  const layout = rowLayout(width, longestId, longestWorker);
  const shown = rows.slice(offset, offset + height);
  const where = rows.length
    ? ` rows ${offset + 1}–${offset + shown.length} of ${rows.length} `
    : " no tasks ";
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" color={color("gray")}>
        {`──${where}${"─".repeat(Math.max(0, width - where.length - 2))}`}
      </Text>
      <Box flexDirection="column" height={height}>
        {shown.map((row, i) => (
          <TaskRow
            key={row.kind === "task" ? row.task.id : "\0done"}
            row={row}
            layout={layout}
            selected={offset + i === selected}
            now={now}
          />
        ))}
      </Box>
    </Box>
  );
}
