import { Box, Text } from "ink";
import { useColors } from "./theme.js";

export const FOOTER_LINES = 2;

/** A notice or question above the line of keys that work now. */
export function Footer(props: { notice: string | undefined; asking: boolean; keys: string }) {
  const { color } = useColors();
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end" color={props.asking ? color("yellow") : undefined}>
        {props.notice ?? " "}
      </Text>
      <Text wrap="truncate-end" color={color("gray")}>
        {props.keys}
      </Text>
    </Box>
  );
}
