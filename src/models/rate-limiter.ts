const WINDOW_MS = 60_000;

export interface RateLimits {
  rpm?: number | undefined;
  tpm?: number | undefined;
}

export interface Grant {
  /** Replaces the estimate with the tokens the call really used. */
  settle(tokens: number): void;
}

interface Entry {
  at: number;
  tokens: number;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Requests and tokens per minute over a sliding window, shared by every sub-agent that calls
 * one provider, served first come first served: fifty agents slow down together instead of
 * all failing on 429s. A 429's Retry-After pauses everyone, not only the agent that got it.
 */
export class RateLimiter {
  private readonly entries: Entry[] = [];
  private pausedUntil = 0;
  private sleeping = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  async acquire(
    estimatedTokens: number,
    signal?: AbortSignal,
    onWait?: (waiting: boolean) => void,
  ): Promise<Grant> {
    let reported = false;
    const report = (): void => {
      if (reported) return;
      reported = true;
      onWait?.(true);
    };
    // Behind a caller that sleeps, this one waits too.
    if (this.sleeping > 0) report();
    const turn = this.tail.then(() => this.waitForRoom(estimatedTokens, signal, report));
    this.tail = turn.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await turn;
    } finally {
      if (reported) onWait?.(false);
    }
  }

  private async waitForRoom(
    tokens: number,
    signal: AbortSignal | undefined,
    report: () => void,
  ): Promise<Grant> {
    for (;;) {
      const delay = this.delayFor(tokens);
      if (delay <= 0) break;
      report();
      this.sleeping++;
      try {
        await sleep(delay, signal);
      } finally {
        this.sleeping--;
      }
    }
    const entry: Entry = { at: this.now(), tokens };
    this.entries.push(entry);
    return {
      settle: (used) => {
        entry.tokens = used;
      },
    };
  }

  /** How long until a call of this size fits, 0 when it fits now. */
  private delayFor(tokens: number): number {
    const now = this.now();
    while (this.entries.length > 0 && (this.entries[0]?.at ?? now) <= now - WINDOW_MS)
      this.entries.shift();
    let delay = this.pausedUntil - now;
    const { rpm, tpm } = this.limits;
    if (rpm !== undefined && this.entries.length >= rpm) {
      const oldest = this.entries[this.entries.length - rpm];
      if (oldest) delay = Math.max(delay, oldest.at + WINDOW_MS - now);
    }
    if (tpm !== undefined) {
      // A call larger than the whole budget goes alone, once the window is empty.
      let excess = this.entries.reduce((sum, e) => sum + e.tokens, 0) + Math.min(tokens, tpm) - tpm;
      for (const entry of this.entries) {
        if (excess <= 0) break;
        excess -= entry.tokens;
        delay = Math.max(delay, entry.at + WINDOW_MS - now);
      }
    }
    return delay;
  }
}
