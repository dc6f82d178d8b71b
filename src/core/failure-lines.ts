const FAILURE = /error|fail|✗|×|✖|not ok|assert/i;
// Durations and counts of time differ between two runs of the same failure.
const TIMING = /\b\d+(\.\d+)?\s?(ms|s|sec|seconds)\b/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal colour codes are ESC sequences
const COLOUR = /\u001b\[[0-9;]*m/g;

/**
 * The lines of a check's output that say what failed, as two runs of the same failure write
 * them: a check failing on the base and after assembly with no new such line failed the same
 * way, and is not the agents' doing; one new line is a regression.
 */
export function failureLines(output: string): string[] {
  return [
    ...new Set(
      output
        .split("\n")
        .map((line) => line.replace(COLOUR, "").replace(TIMING, "").trim())
        .filter((line) => line && !line.startsWith("$ ") && !line.startsWith("armada:"))
        .filter((line) => FAILURE.test(line)),
    ),
  ];
}
