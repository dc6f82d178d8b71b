import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { stripVTControlCharacters } from "node:util";

export interface LogTail {
  /** The file's size when read: unchanged size means unchanged text, so callers skip the read. */
  size: number;
  text: string;
}

/**
 * The last `bytes` of a log file, read with one seek, so following a growing log costs the
 * same whatever its length. A missing file reads as empty (the agent has not written yet).
 */
export function readLogTail(file: string, bytes: number, knownSize?: number): LogTail | undefined {
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return knownSize === 0 ? undefined : { size: 0, text: "" };
  }
  try {
    const { size } = fstatSync(fd);
    if (size === knownSize) return undefined;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return { size, text: buffer.toString("utf8") };
  } finally {
    closeSync(fd);
  }
}

/** One line of log text fit for a terminal cell: no escapes, no carriage-return overdraws. */
export function cleanLine(line: string): string {
  const lastDraw =
    line
      .split("\r")
      .filter((part) => part.trim())
      .at(-1) ?? "";
  const plain = stripVTControlCharacters(lastDraw.replace(/\t/g, "  "));
  // What escapes leave behind: bells, backspaces and the like would move the cursor.
  return [...plain]
    .filter((c) => c >= " " && c !== "\u007f")
    .join("")
    .trimEnd();
}

/** The last line with text in a chunk of log. */
export function lastLine(text: string): string | undefined {
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = cleanLine(lines[i] ?? "");
    if (line.trim()) return line;
  }
  return undefined;
}
