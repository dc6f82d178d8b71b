import type { RunEvent, RunStore } from "../core/index.js";
import { applyEvent, type EventLookup } from "../ui/apply-event.js";
import { lastLine, readLogTail } from "../ui/log-tail.js";
import { loadRunModel, type RunModel } from "../ui/run-model.js";
import type { RunChange, RunSnapshot } from "./api.js";
import type { EventPump } from "./event-pump.js";
import {
  applyExtraEvent,
  baselineView,
  culpritViews,
  emptyExtras,
  movesExtras,
  type RunExtras,
  setupView,
} from "./run-extras.js";
import { runLive, runView, taskView } from "./run-view.js";

/** One run as its pages see it, kept current from the store's events for every page at once. */
export interface RunHub {
  snapshot(): RunSnapshot;
  /** The newest event applied, after reading what happened while no page followed. */
  seq(): number;
  /**
   * Sends what changed after `after` (the seq of the page's snapshot or last message), then
   * every change as it comes; "reset" when the gap is too wide to send as a change.
   */
  follow(after: number, send: (change: RunChange | "reset") => void): () => void;
  close(): void;
}

/** A page further behind than this many events loads the snapshot again instead. */
const CATCH_UP_LIMIT = 20_000;
const PAGE = 2000;
const LOOK_MS = 1000;
const LOG_TAIL_BYTES = 2048;
/** Events whose data the run's row holds better than the event: the row is read again. */
const RUN_ROW_EVENTS = new Set([
  "run.setup",
  "run.baseline",
  "run.bisect",
  "run.checks",
  "run.state",
]);

export function runHub(store: RunStore, runId: string, pump: EventPump): RunHub {
  const model: RunModel = loadRunModel(store, runId);
  const extras: RunExtras = emptyExtras();
  const lookup: EventLookup = {
    task: (taskId) => store.getTask(runId, taskId),
    attempts: (taskId) => store.listAttempts(runId, taskId),
  };
  for (let seq = 0; ; ) {
    const events = store.eventsAfter(runId, seq, PAGE);
    for (const event of events) {
      if (event.seq > model.lastSeq) break;
      if (movesExtras(event)) applyExtraEvent(extras, event, lookup.task);
    }
    seq = events.at(-1)?.seq ?? seq;
    if (events.length < PAGE || seq >= model.lastSeq) break;
  }

  const listeners = new Set<(change: RunChange) => void>();
  const logSizes = new Map<string, number>();
  let live = runLive(model.run);

  const views = (taskIds: Iterable<string>) =>
    [...new Set(taskIds)].flatMap((id) => {
      const row = model.tasks.get(id);
      return row ? [taskView(row)] : [];
    });

  const whole = (): RunSnapshot => ({
    seq: model.lastSeq,
    run: runView(model),
    tasks: [...model.tasks.values()].map(taskView),
    conflicts: extras.conflicts,
    checkRounds: extras.checkRounds,
    baseline: baselineView(model.run),
    setup: setupView(model.run),
    culprits: culpritViews(model.run),
  });

  /** Applies new events of this run; the change to send, or undefined when nothing moved. */
  const apply = (events: RunEvent[]): RunChange | undefined => {
    const touched: string[] = [];
    const moved = new Set<string>();
    let any = false;
    for (const event of events) {
      if (event.runId !== runId || event.seq <= model.lastSeq) continue;
      any = true;
      applyEvent(model, event, lookup);
      if (event.taskId) touched.push(event.taskId);
      if (movesExtras(event)) {
        const part = applyExtraEvent(extras, event, lookup.task);
        if (part) moved.add(part);
      }
      if (RUN_ROW_EVENTS.has(event.type)) moved.add("row");
    }
    if (!any) return undefined;
    if (moved.has("row")) {
      const fresh = store.getRun(runId);
      if (fresh) {
        model.run.setup = fresh.setup;
        model.run.baseline = fresh.baseline;
        model.run.culprits = fresh.culprits;
        model.run.heartbeatAt = fresh.heartbeatAt;
        model.run.masterPid = fresh.masterPid;
        model.run.masterHost = fresh.masterHost;
      }
    }
    live = runLive(model.run);
    return {
      seq: model.lastSeq,
      run: runView(model),
      tasks: views(touched),
      ...(moved.has("conflicts") ? { conflicts: extras.conflicts } : {}),
      ...(moved.has("checkRounds") ? { checkRounds: extras.checkRounds } : {}),
      ...(moved.has("row")
        ? {
            setup: setupView(model.run),
            baseline: baselineView(model.run),
            culprits: culpritViews(model.run),
          }
        : {}),
    };
  };

  const broadcast = (change: RunChange): void => {
    for (const listener of listeners) listener(change);
  };

  /**
   * What has no event: the master's heartbeat (a master that died says nothing) and the last
   * line of each working task's log. Both are cheap reads, once a second while pages look.
   */
  const look = (): void => {
    const fresh = store.getRun(runId);
    if (fresh) {
      model.run.heartbeatAt = fresh.heartbeatAt;
      model.run.masterPid = fresh.masterPid;
      model.run.masterHost = fresh.masterHost;
    }
    const changed: string[] = [];
    for (const task of model.tasks.values()) {
      if (task.state !== "active" || !task.logPath) continue;
      const tail = readLogTail(task.logPath, LOG_TAIL_BYTES, logSizes.get(task.logPath));
      if (!tail) continue;
      logSizes.set(task.logPath, tail.size);
      const line = lastLine(tail.text);
      if (line !== undefined && line !== task.lastLine) {
        task.lastLine = line;
        changed.push(task.id);
      }
    }
    const now = runLive(model.run);
    if (changed.length === 0 && now === live) return;
    live = now;
    broadcast({ seq: model.lastSeq, run: runView(model), tasks: views(changed) });
  };

  const onEvents = (events: RunEvent[]): void => {
    const change = apply(events);
    if (change) broadcast(change);
  };
  let unsubscribe: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;

  /** Reads what happened while no page followed the run (the pump fed nobody then). */
  const catchUp = (): void => {
    for (;;) {
      const events = store.eventsAfter(runId, model.lastSeq, PAGE);
      onEvents(events);
      if (events.length < PAGE) return;
    }
  };

  const fresh = (): void => {
    if (listeners.size > 0) return;
    catchUp();
    look();
  };

  return {
    snapshot() {
      fresh();
      return whole();
    },
    seq() {
      fresh();
      return model.lastSeq;
    },
    follow(after, send) {
      if (listeners.size === 0) {
        unsubscribe = pump.subscribe(onEvents);
        timer = setInterval(look, LOOK_MS);
        // Events written before the pump's first read are read here, so none is lost.
        catchUp();
      }
      if (after < model.lastSeq) {
        const missed = store.eventsAfter(runId, after, CATCH_UP_LIMIT);
        if (missed.length >= CATCH_UP_LIMIT) send("reset");
        else {
          const ids = missed.flatMap((e) => (e.taskId ? [e.taskId] : []));
          send({
            ...whole(),
            tasks: views(ids),
          });
        }
      }
      listeners.add(send);
      return () => {
        listeners.delete(send);
        if (listeners.size > 0) return;
        unsubscribe?.();
        clearInterval(timer);
      };
    },
    close() {
      listeners.clear();
      unsubscribe?.();
      clearInterval(timer);
    },
  };
}
