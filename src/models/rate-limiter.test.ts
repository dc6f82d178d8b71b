import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RateLimiter } from "./rate-limiter.js";

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
});
afterEach(() => {
  vi.useRealTimers();
});

async function settleAll(promises: Promise<unknown>[]): Promise<number[]> {
  const done: number[] = [];
  promises.forEach((p, i) => void p.then(() => done.push(i)));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe("RateLimiter", () => {
  it("lets rpm requests through per minute, in order, and tells the waiting ones", async () => {
    const limiter = new RateLimiter({ rpm: 2 });
    const waits: boolean[] = [];
    const calls = [0, 1, 2].map(() => limiter.acquire(10, undefined, (w) => waits.push(w)));
    expect(await settleAll(calls)).toEqual([0, 1]);
    expect(waits).toEqual([true]);
    await vi.advanceTimersByTimeAsync(59_999);
    expect(await settleAll(calls)).toEqual([0, 1]);
    await vi.advanceTimersByTimeAsync(1);
    await calls[2];
    expect(waits).toEqual([true, false]);
  });

  it("counts tokens: estimates first, then what the call really used", async () => {
    const limiter = new RateLimiter({ tpm: 1000 });
    const first = await limiter.acquire(600);
    const blocked = limiter.acquire(600);
    expect(await settleAll([blocked])).toEqual([]);
    first.settle(300);
    // The next look at the window happens when the first entry expires.
    await vi.advanceTimersByTimeAsync(60_000);
    await blocked;
    // A call larger than the whole budget still goes, alone.
    const huge = limiter.acquire(5000);
    await vi.advanceTimersByTimeAsync(60_000);
    await huge;
  });

  it("holds everyone after a 429 until the provider's Retry-After", async () => {
    const limiter = new RateLimiter({});
    limiter.pause(5000);
    const calls = [limiter.acquire(1), limiter.acquire(1)];
    expect(await settleAll(calls)).toEqual([]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await settleAll(calls)).toEqual([0, 1]);
  });
});
