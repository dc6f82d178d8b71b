import type { AttemptJobProgress } from "./attempt-job.js";

/** Reports travel at most this often: one Redis event per batch, not per line or phase. */
const BATCH_MS = 400;
/** A batch of log is cut at this size, so a chatty agent cannot make one event huge. */
const LOG_BATCH_BYTES = 64 * 1024;

export interface ProgressReporter {
  report(progress: Omit<AttemptJobProgress, "log">): void;
  log(chunk: Buffer): void;
  /** Sends what is buffered and waits for every report to reach Redis. */
  flush(): Promise<void>;
}

/**
 * Sends a job's progress in order through `send` (the job's updateProgress), in batches: the
 * latest worker and phase with the log written since the last batch. A batch that fails
 * (Redis away) is dropped: the log stays whole on the worker and the result carries its tail.
 */
export function progressReporter(
  send: (progress: AttemptJobProgress) => Promise<void>,
): ProgressReporter {
  let chain = Promise.resolve();
  let state: AttemptJobProgress = {};
  let buffered: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const sendBatch = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch: AttemptJobProgress = { ...state };
    if (size > 0) batch.log = Buffer.concat(buffered).toString("utf8");
    state = {};
    buffered = [];
    size = 0;
    if (Object.keys(batch).length === 0) return;
    chain = chain.then(() => send(batch)).catch(() => undefined);
  };
  const later = (): void => {
    timer ??= setTimeout(sendBatch, BATCH_MS);
  };
  return {
    report(progress) {
      state = { ...state, ...progress };
      later();
    },
    log(chunk) {
      buffered.push(chunk);
      size += chunk.length;
      if (size >= LOG_BATCH_BYTES) sendBatch();
      else later();
    },
    async flush() {
      sendBatch();
      await chain;
    },
  };
}
