import type { RunEvent, RunStore } from "../core/index.js";

export interface EventPump {
  /** Calls `listener` with every batch of new events, of any run, while subscribed. */
  subscribe(listener: (events: RunEvent[]) => void): () => void;
  stop(): void;
}

const PAGE = 2000;

/**
 * Follows the store's event log for every run at once: one indexed read of the events after
 * the last seen every `pollMs`, while someone listens. SQLite has no notifications across
 * processes, and the masters writing these events are other processes.
 */
export function eventPump(store: RunStore, pollMs = 100): EventPump {
  const listeners = new Set<(events: RunEvent[]) => void>();
  let seq = store.lastEventSeq();
  let timer: NodeJS.Timeout | undefined;
  const poll = (): void => {
    for (;;) {
      const events = store.eventsSince(seq, PAGE);
      if (events.length === 0) return;
      seq = events.at(-1)?.seq ?? seq;
      for (const listener of listeners) listener(events);
      if (events.length < PAGE) return;
    }
  };
  return {
    subscribe(listener) {
      if (listeners.size === 0) {
        seq = store.lastEventSeq();
        timer = setInterval(poll, pollMs);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) clearInterval(timer);
      };
    },
    stop() {
      listeners.clear();
      clearInterval(timer);
    },
  };
}
