import type { RunEvent, RunStore } from "../core/index.js";
import type { RunList, RunListItem } from "./api.js";
import type { EventPump } from "./event-pump.js";
import { runListItem } from "./run-view.js";

export interface RunsFeed {
  list(): RunList;
  follow(send: (list: RunList) => void): () => void;
  close(): void;
}

/** The runs list moves at most this often: a run of many agents writes events in bursts. */
const GAP_MS = 250;
const LOOK_MS = 2000;

/**
 * The repository's runs, newest first. A run's row is read again (one row, two aggregate
 * queries) only after its events; the rows of unfinished runs also once every two seconds,
 * since a master that died writes no event.
 */
export function runsFeed(store: RunStore, pump: EventPump): RunsFeed {
  const items = new Map<string, RunListItem>();
  const read = (runId: string): void => {
    const run = store.getRun(runId);
    if (run) items.set(runId, runListItem(run, store.runTotals(runId)));
    else items.delete(runId);
  };
  const readAll = (): void => {
    items.clear();
    for (const run of store.listRuns())
      items.set(run.id, runListItem(run, store.runTotals(run.id)));
  };
  const list = (): RunList => ({
    runs: [...items.values()].sort((a, b) => b.createdAt - a.createdAt),
  });
  const listeners = new Set<(list: RunList) => void>();
  const dirty = new Set<string>();
  let flush: NodeJS.Timeout | undefined;
  let unsubscribe: (() => void) | undefined;
  let look: NodeJS.Timeout | undefined;

  const publish = (): void => {
    flush = undefined;
    for (const id of dirty) read(id);
    dirty.clear();
    const now = list();
    for (const listener of listeners) listener(now);
  };
  const onEvents = (events: RunEvent[]): void => {
    for (const event of events) dirty.add(event.runId);
    flush ??= setTimeout(publish, GAP_MS);
  };
  const lookAtUnfinished = (): void => {
    let moved = false;
    for (const item of items.values()) {
      if (!item.live && item.finishedAt !== undefined) continue;
      const before = item.live;
      read(item.id);
      moved ||= items.get(item.id)?.live !== before;
    }
    if (moved) publish();
  };

  return {
    list() {
      readAll();
      return list();
    },
    follow(send) {
      if (listeners.size === 0) {
        readAll();
        unsubscribe = pump.subscribe(onEvents);
        look = setInterval(lookAtUnfinished, LOOK_MS);
      }
      listeners.add(send);
      send(list());
      return () => {
        listeners.delete(send);
        if (listeners.size > 0) return;
        unsubscribe?.();
        clearInterval(look);
        clearTimeout(flush);
        flush = undefined;
      };
    },
    close() {
      listeners.clear();
      unsubscribe?.();
      clearInterval(look);
      clearTimeout(flush);
    },
  };
}
