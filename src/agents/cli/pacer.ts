import type { AgentContext } from "../../core/agent-port.js";
import type { Grant, RateLimiter } from "../../models/index.js";

/** A 429 the CLI met holds every sub-agent of the provider this long (it retries on its own). */
const PAUSE_ON_429_MS = 2000;

/**
 * Holds an agent CLI to the provider's shared `--rpm`/`--tpm`: its first call takes its turn
 * before the CLI starts; after each answer that asks for tools, its next call takes its turn,
 * and while it waits the CLI's processes are stopped (SIGSTOP, then SIGCONT), so that it sends
 * nothing meanwhile. Where the sandbox gives no process group on this machine (docker), the
 * calls are counted for the others but the CLI is not held between them.
 */
export function pacer(limiter: RateLimiter | undefined, ctx: AgentContext) {
  let grant: Grant | undefined;
  let pgid: number | undefined;
  let turn: Promise<void> = Promise.resolve();
  let counted = 0;
  const seen = new Set<string>();
  const signal = (name: NodeJS.Signals): void => {
    try {
      if (pgid !== undefined) process.kill(-pgid, name);
    } catch {
      // The CLI has ended meanwhile.
    }
  };
  const hold = (waiting: boolean): void => {
    ctx.onRateLimitWait?.(waiting);
    signal(waiting ? "SIGSTOP" : "SIGCONT");
  };
  return {
    /** False when the attempt was cancelled while it waited. */
    async first(): Promise<boolean> {
      if (!limiter) return true;
      try {
        grant = await limiter.acquire(0, ctx.signal, ctx.onRateLimitWait);
        return true;
      } catch {
        return false;
      }
    },
    spawned(group: number): void {
      pgid = group;
    },
    called(call: { id: string; tokens: number; more: boolean }): void {
      if (!limiter || seen.has(call.id)) return;
      seen.add(call.id);
      counted += call.tokens;
      grant?.settle(call.tokens);
      grant = undefined;
      if (!call.more) return;
      turn = turn
        .then(async () => {
          grant = await limiter.acquire(call.tokens, ctx.signal, hold);
        })
        .catch(() => undefined);
    },
    throttled(): void {
      limiter?.pause(PAUSE_ON_429_MS);
    },
    /** `tokens`: the attempt's total; what no call reported is charged to the open turn. */
    end(tokens: number): void {
      grant?.settle(Math.max(0, tokens - counted));
      pgid = undefined;
    },
  };
}
