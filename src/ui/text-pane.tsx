import { Box, Text } from "ink";
import { useColors } from "./theme.js";

/** A window of `height` lines of text from `top`, under a title line: a log or a diff. */
export function TextPane(props: {
  title: string;
  lines: string[];
  top: number;
  height: number;
  colorLine?: (line: string) => string | undefined;
}) {
  const { title, lines, top, height, colorLine } = props;
  const { color, on } = useColors();
  const shown = lines.slice(top, top + height);
  const range = lines.length
    ? `lines ${top + 1}–${top + shown.length} of ${lines.length}`
    : "no lines yet";
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold={on}>{title}</Text>
        <Text color={color("gray")}> · {range}</Text>
      </Text>
      <Box flexDirection="column" height={height}>
        {shown.map((line, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a line's place in the window is its identity
          <Text key={i} wrap="truncate-end" color={on && colorLine ? colorLine(line) : undefined}>
            {line || " "}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
