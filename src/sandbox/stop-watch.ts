import type { ExecOptions } from "../core/sandbox-port.js";

export interface StopWatch {
  readonly timedOut: boolean;
  readonly aborted: boolean;
  /** Clears the timer and the abort listener once the command has ended. */
  release(): void;
}

/** Calls `stop` when the command's timeout passes or its signal aborts, and says which it was. */
export function watchForStop(
  options: Pick<ExecOptions, "timeoutMs" | "signal">,
  stop: () => void,
): StopWatch {
  let timedOut = false;
  let aborted = false;
  const timer =
    options.timeoutMs && options.timeoutMs > 0
      ? setTimeout(() => {
          timedOut = true;
          stop();
        }, options.timeoutMs)
      : undefined;
  const onAbort = (): void => {
    aborted = true;
    stop();
  };
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    get timedOut() {
      return timedOut;
    },
    get aborted() {
      return aborted;
    },
    release() {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
    },
  };
}
