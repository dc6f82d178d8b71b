import type { AttemptJobProgress } from "./attempt-job.js";

/** Log output travels at most this often: one Redis event per batch, not per line. */
const LOG_BATCH_MS = 400;
/** A batch is cut at this size, so a chatty agent cannot make one event huge. */
const LOG_BATCH_BYTES = 64 * 1024;

export interface ProgressReporter {
  report(progress: AttemptJobProgress): void;
  log(chunk: Buffer): void;
  /** Sends what is buffered and waits for every report to reach Redis. */
  flush(): Promise<void>;
}

/**
 * Sends a job's progress in order (worker, phases, log batches) through `send` (the job's
 * updateProgress). A report that fails (Redis away) is dropped: the log stays whole on the
 * worker and the result carries its tail.
 */
export function progressReporter(
  send: (progress: AttemptJobProgress) => Promise<void>,
): ProgressReporter {
  let chain = Promise.resolve();
  let buffered: Buffer[] = [];
  let size = 0;
  let timer: NodeJS.Timeout | undefined;
  const enqueue = (progress: AttemptJobProgress): void => {
    chain = chain.then(() => send(progress)).catch(() => undefined);
  };
  const flushLog = (): void => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (size === 0) return;
    const text = Buffer.concat(buffered).toString("utf8");
    buffered = [];
    size = 0;
    enqueue({ log: text });
  };
  return {
    report(progress) {
      flushLog();
      enqueue(progress);
    },
    log(chunk) {
      buffered.push(chunk);
      size += chunk.length;
      if (size >= LOG_BATCH_BYTES) flushLog();
      else timer ??= setTimeout(flushLog, LOG_BATCH_MS);
    },
    async flush() {
      flushLog();
      await chain;
    },
  };
}
