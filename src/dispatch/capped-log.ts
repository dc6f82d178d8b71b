import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";

const TAIL_BYTES = 4096;

export interface CappedLog {
  write(chunk: Buffer | string): void;
  /** The last few KiB written (or offered, past the cap): what `status` shows of a failure. */
  tail(): string;
  close(): Promise<void>;
}

/**
 * An attempt's log file, cut at `limit` bytes with a note saying so, so that a runaway agent
 * cannot fill the disk. `onWritten` sees exactly what goes into the file (a worker streams it
 * to the master).
 */
export function openCappedLog(
  file: string,
  limit: number,
  onWritten?: (chunk: Buffer) => void,
): CappedLog {
  mkdirSync(path.dirname(file), { recursive: true });
  const sink = createWriteStream(file, { flags: "a" });
  const stream = {
    write(chunk: Buffer | string): void {
      sink.write(chunk);
      onWritten?.(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
    },
  };
  let written = 0;
  let cut = false;
  let tail = Buffer.alloc(0);
  return {
    write(chunk) {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      tail = Buffer.concat([tail, buffer]);
      if (tail.length > TAIL_BYTES) tail = tail.subarray(tail.length - TAIL_BYTES);
      if (cut) return;
      const room = limit - written;
      if (buffer.length <= room) {
        stream.write(buffer);
        written += buffer.length;
        return;
      }
      stream.write(buffer.subarray(0, Math.max(0, room)));
      stream.write(
        `\n[armada: log cut at ${limit} bytes (--log-limit); later output was dropped]\n`,
      );
      written = limit;
      cut = true;
    },
    tail: () => tail.toString("utf8"),
    close: () => new Promise((resolve) => sink.end(resolve)),
  };
}
