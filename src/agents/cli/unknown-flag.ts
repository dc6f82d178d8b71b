/**
 * The flag a CLI says it does not take, from the words of its argument parser: clap's
 * "unexpected argument '--x' found" (codex), commander's "unknown option '--x'" (claude),
 * yargs' "Unknown arguments: x" (gemini, opencode).
 */
export function unknownFlag(line: string): string | undefined {
  const match =
    /(?:unexpected|unknown|unrecognized) (?:argument|option)s?:? ['"`]?(--?[A-Za-z][\w-]*)/i.exec(
      line,
    ) ?? /unknown arguments?: ([A-Za-z][\w-]*)/i.exec(line);
  const flag = match?.[1];
  if (!flag) return undefined;
  return flag.startsWith("-") ? flag : `--${flag}`;
}
