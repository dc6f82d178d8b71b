import type { RunEvent, RunStore } from "../core/index.js";
import { clock, eventLine } from "./event-line.js";

export interface EventFollower {
  /** Prints what is left and stops. */
  stop(): void;
}

/**
 * Prints a run's events as they land in the store: plain lines, or one JSON object a line
 * with --json. Reading the store (not the engine's memory) makes a detached run, a resumed run
 * and a foreground run look the same.
 */
export function followEvents(
  store: RunStore,
  runId: string,
  json: boolean,
  write: (text: string) => void,
  afterSeq = 0,
  intervalMs = 200,
): EventFollower {
  let seq = afterSeq;
  const lines = json ? undefined : foldedLines(write);
  const drain = (): void => {
    for (;;) {
      const events = store.eventsAfter(runId, seq, 1000);
      for (const event of events) {
        seq = event.seq;
        if (lines) lines.add(event);
        else write(`${JSON.stringify(eventJson(event))}\n`);
      }
      if (events.length < 1000) break;
    }
    lines?.flush();
  };
  const timer = setInterval(drain, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      drain();
    },
  };
}

// Ending a large run ends its queued tasks together, with the same words: the first few say so
// one by one, then one line counts the rest.
const SHOWN_ALIKE = 3;

function foldedLines(write: (text: string) => void): {
  add(event: RunEvent): void;
  flush(): void;
} {
  let alike: { key: string; shown: number; more: number; last: RunEvent } | undefined;
  const flush = (): void => {
    if (alike && alike.more > 0) {
      const d = alike.last.data;
      const at = clock(alike.last.at);
      const said = d.error ? `: ${String(d.error).split("\n")[0]}` : "";
      write(
        `${at} … and ${alike.more.toLocaleString("en-US")} more tasks ${String(d.state).toUpperCase()}${said}\n`,
      );
    }
    alike = undefined;
  };
  return {
    add(event) {
      const d = event.data;
      const key =
        event.type === "task.state" && (d.state === "cancelled" || d.state === "blocked")
          ? `${d.state}\0${String(d.error ?? "")}`
          : undefined;
      if (key !== undefined && alike?.key === key) {
        alike.last = event;
        if (++alike.shown > SHOWN_ALIKE) {
          alike.more++;
          return;
        }
      } else {
        flush();
        if (key !== undefined) alike = { key, shown: 1, more: 0, last: event };
      }
      const text = eventLine(event);
      if (text) write(`${text}\n`);
    },
    flush,
  };
}

export function eventJson(event: RunEvent): Record<string, unknown> {
  return {
    seq: event.seq,
    at: new Date(event.at).toISOString(),
    run: event.runId,
    ...(event.taskId ? { task: event.taskId } : {}),
    type: event.type,
    ...event.data,
  };
}
