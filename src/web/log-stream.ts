import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import type { RunStore } from "../core/index.js";
import type { LogChunk } from "./api.js";
import type { SseStream } from "./sse.js";

const POLL_MS = 250;
/** A page shows at most this much of a log's end at first; the rest is a click on `armada logs`. */
const FIRST_BYTES = 2 * 1024 * 1024;
const CHUNK_BYTES = 256 * 1024;

/**
 * Streams an attempt's log as it grows: each chunk's id is the byte offset after it, so a page
 * that reconnects (Last-Event-ID) goes on where it was. Ends once the attempt ended and its
 * whole log was sent.
 */
export function streamLog(
  store: RunStore,
  runId: string,
  taskId: string,
  attempt: number,
  from: number | undefined,
  sse: SseStream,
): void {
  const decoder = new StringDecoder("utf8");
  let offset = from ?? -1;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  sse.onClose(() => {
    stopped = true;
    clearTimeout(timer);
  });
  const send = (text: string, id: number): void =>
    sse.send("chunk", { attempt, text } satisfies LogChunk, id);

  const pump = async (): Promise<void> => {
    const record = store.listAttempts(runId, taskId).find((a) => a.n === attempt);
    if (!record) {
      sse.send("end", { attempt, missing: true });
      sse.end();
      return;
    }
    const ended = record.state !== "running";
    let size = 0;
    try {
      const handle = await open(record.logPath, "r");
      try {
        size = (await handle.stat()).size;
        if (offset < 0) {
          offset = Math.max(0, size - FIRST_BYTES);
          if (offset > 0)
            send(`… (the first ${offset} bytes are in armada logs ${runId} ${taskId})\n`, offset);
        }
        while (offset < size && !stopped) {
          const buffer = Buffer.alloc(Math.min(CHUNK_BYTES, size - offset));
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
          if (bytesRead === 0) break;
          offset += bytesRead;
          const text = decoder.write(buffer.subarray(0, bytesRead));
          if (text) send(text, offset);
        }
      } finally {
        await handle.close();
      }
    } catch {
      // No log yet: the agent has not written; a finished attempt without one ends below.
      if (offset < 0) offset = 0;
    }
    if (stopped) return;
    if (ended && offset >= size) {
      const rest = decoder.end();
      if (rest) send(rest, offset);
      sse.send("end", { attempt, state: record.state });
      sse.end();
      return;
    }
    timer = setTimeout(() => void pump(), POLL_MS);
  };
  void pump();
}
