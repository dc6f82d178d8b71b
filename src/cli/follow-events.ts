import type { RunEvent, RunStore } from "../core/index.js";
import { eventLine } from "./event-line.js";

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
  const drain = (): void => {
    for (;;) {
      const events = store.eventsAfter(runId, seq, 1000);
      for (const event of events) {
        seq = event.seq;
        const text = json ? JSON.stringify(eventJson(event)) : eventLine(event);
        if (text) write(`${text}\n`);
      }
      if (events.length < 1000) return;
    }
  };
  const timer = setInterval(drain, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      drain();
    },
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
