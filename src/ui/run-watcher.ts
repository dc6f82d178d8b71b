import { masterGone, type RunStore } from "../core/index.js";
import { applyEvent, type EventLookup } from "./apply-event.js";
import { lastLine, readLogTail } from "./log-tail.js";
import { loadRunModel, type RunModel } from "./run-model.js";

/** The model as of one change: a new object per change, so React knows when to render. */
export interface WatchSnapshot {
  model: RunModel;
  version: number;
}

/** A run's model kept current in the background, for React's useSyncExternalStore. */
export interface RunWatcher {
  readonly model: RunModel;
  snapshot(): WatchSnapshot;
  subscribe(listener: () => void): () => void;
  /** Applies what happened since the last look; the timer calls it too. */
  poll(): void;
  /** Tells how long the last frame took to draw, so changes are announced no faster than that allows. */
  drew(frameMs: number): void;
  stop(): void;
}

export interface WatchOptions {
  /** How often new events are read. */
  pollMs?: number;
  /** The first gap between two announced changes, before `drew` measures the frames. */
  gapMs?: number;
  /** A change is announced at least this often even when nothing happened, for the clocks. */
  tickMs?: number;
  /** How often the working tasks' logs are looked at for their last line. */
  logEveryMs?: number;
  /** How often the run's own row is read again, for its master's heartbeat. */
  runEveryMs?: number;
}

/**
 * Drawing a frame costs Ink the same whatever changed (it lays out and writes every cell of
 * the screen: 5 to 15 ms for 120x40), and React and garbage collection about as much again as
 * Ink reports. Frames are paced to keep the whole under this share of one core, and never
 * more than ten a second.
 */
const CPU_BUDGET = 0.03;
const FRAME_COST_PER_RENDER_MS = 2;
const MIN_GAP_MS = 100;
const MAX_GAP_MS = 2000;

const EVENT_PAGE = 2000;
const LOG_TAIL_BYTES = 2048;

/**
 * Loads the run once, then reads only the events after the newest one applied. Two things
 * have no event and are read directly, both cheap: the last line of each working task's log
 * (a stat, and a 2 KiB read when the file grew) and the run's row, whose heartbeat says
 * whether its master still lives.
 */
export function watchRun(store: RunStore, runId: string, options: WatchOptions = {}): RunWatcher {
  // Four frames a second look live; every frame costs Ink a full redraw of the screen's text.
  const pollMs = options.pollMs ?? 100;
  const tickMs = options.tickMs ?? 1000;
  let gapMs = options.gapMs ?? 250;
  let dirty = false;
  let frameCost: number | undefined;
  const model = loadRunModel(store, runId);
  const listeners = new Set<() => void>();
  const logSizes = new Map<string, number>();
  let snapshot: WatchSnapshot = { model, version: 0 };
  let lastLogs = 0;
  let lastRun = Date.now();
  let lastChange = Date.now();
  let gone = masterGone(model.run);

  const lookup: EventLookup = {
    task: (taskId) => store.getTask(runId, taskId),
    attempts: (taskId) => store.listAttempts(runId, taskId),
  };

  const readEvents = (): boolean => {
    let changed = false;
    for (;;) {
      const events = store.eventsAfter(runId, model.lastSeq, EVENT_PAGE);
      for (const event of events) applyEvent(model, event, lookup);
      changed ||= events.length > 0;
      if (events.length < EVENT_PAGE) return changed;
    }
  };

  const readLogs = (): boolean => {
    let changed = false;
    for (const task of model.tasks.values()) {
      if (task.state !== "active" || !task.logPath) continue;
      const tail = readLogTail(task.logPath, LOG_TAIL_BYTES, logSizes.get(task.logPath));
      if (!tail) continue;
      logSizes.set(task.logPath, tail.size);
      const line = lastLine(tail.text);
      if (line !== undefined && line !== task.lastLine) {
        task.lastLine = line;
        changed = true;
      }
    }
    return changed;
  };

  const readRun = (): boolean => {
    const fresh = store.getRun(runId);
    if (!fresh) return false;
    // Events moved the run's other fields already; the row adds the heartbeat.
    model.run.heartbeatAt = fresh.heartbeatAt;
    model.run.masterPid = fresh.masterPid;
    model.run.masterHost = fresh.masterHost;
    const now = masterGone(model.run);
    const changed = now !== gone;
    gone = now;
    return changed;
  };

  const poll = (): void => {
    const now = Date.now();
    let changed = readEvents();
    if (now - lastLogs >= (options.logEveryMs ?? 1000)) {
      lastLogs = now;
      changed = readLogs() || changed;
    }
    if (now - lastRun >= (options.runEveryMs ?? 1000)) {
      lastRun = now;
      changed = readRun() || changed;
    }
    dirty ||= changed;
    const since = now - lastChange;
    // The clocks' tick waits for the gap too: a slow terminal's clocks move less often.
    if (!(dirty && since >= gapMs) && since < Math.max(tickMs, gapMs)) return;
    dirty = false;
    lastChange = now;
    snapshot = { model, version: snapshot.version + 1 };
    for (const listener of listeners) listener();
  };

  const timer = setInterval(poll, pollMs);
  return {
    model,
    snapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    poll,
    drew(frameMs) {
      // A moving average: one slow frame (a resize, a burst of text) does not stall the screen.
      const average = frameCost === undefined ? frameMs : frameCost * 0.8 + frameMs * 0.2;
      frameCost = average;
      gapMs = Math.min(
        MAX_GAP_MS,
        Math.max(MIN_GAP_MS, (average * FRAME_COST_PER_RENDER_MS) / CPU_BUDGET),
      );
    },
    stop() {
      clearInterval(timer);
      listeners.clear();
    },
  };
}
