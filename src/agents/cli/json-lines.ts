/**
 * Splits a CLI's output into lines as it arrives: each line that is a JSON value goes to
 * `onValue`, anything else (a warning, a stack trace) to `onText` as it was printed.
 */
export function jsonLines(
  onValue: (value: unknown) => void,
  onText: (text: string) => void,
): { push(chunk: Buffer): void; end(): void } {
  let pending = "";
  const line = (text: string): void => {
    const trimmed = text.trim();
    if (!trimmed) return;
    if (trimmed.startsWith("{")) {
      let value: unknown;
      try {
        value = JSON.parse(trimmed);
      } catch {
        onText(`${text}\n`);
        return;
      }
      onValue(value);
      return;
    }
    onText(`${text}\n`);
  };
  return {
    push(chunk) {
      pending += chunk.toString("utf8");
      const parts = pending.split("\n");
      pending = parts.pop() ?? "";
      for (const part of parts) line(part);
    },
    end() {
      if (pending) line(pending);
      pending = "";
    },
  };
}
