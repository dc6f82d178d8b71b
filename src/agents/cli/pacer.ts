import type { AgentContext } from "../../core/agent-port.js";
import type { Grant, RateLimiter } from "../../models/index.js";

/** The longest a CLI stays stopped for its turn: the limiter's window and some slack. */
const MAX_HOLD_MS = 75_000;
/** When SIGCONT is sent again after a hold ends (see `release`). */
const CONT_ECHOES_MS = [100, 500, 2_000];

/** A 429 the CLI met holds every sub-agent of the provider this long (it retries on its own). */
const PAUSE_ON_429_MS = 2000;

/**
 * Holds an agent CLI to the provider's shared `--rpm`/`--tpm`: its first call takes its turn
 * before the CLI starts; after each answer that asks for tools, its next call takes its turn,
 * and while it waits the CLI's processes are stopped (SIGSTOP, then SIGCONT), so that it sends
 * nothing meanwhile, never longer than MAX_HOLD_MS. Where the sandbox gives no process group on this machine (docker), the
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
  let held: NodeJS.Timeout | undefined;
  const echoes = new Set<NodeJS.Timeout>();
  const release = (): void => {
    if (!held) return;
    clearTimeout(held);
    held = undefined;
    signal("SIGCONT");
    // nsenter, which leads the group in overlay sandboxes, passes job control on: woken, it
    // sees its child had stopped and stops itself again. Later SIGCONTs wake it for good.
    for (const ms of CONT_ECHOES_MS) {
      const echo = setTimeout(() => {
        echoes.delete(echo);
        signal("SIGCONT");
      }, ms);
      echoes.add(echo);
    }
  };
  const hold = (waiting: boolean): void => {
    ctx.onRateLimitWait?.(waiting);
    if (!waiting) {
      release();
      return;
    }
    signal("SIGSTOP");
    // Never stopped for longer than a window can take to free a call: whatever the limiter
    // does, a CLI is not left stopped (a call slightly over the limit costs less than a hang).
    held ??= setTimeout(release, MAX_HOLD_MS);
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
        .catch(() => undefined)
        // Its turn came (or the attempt ended): the CLI goes on.
        .finally(release);
    },
    throttled(): void {
      limiter?.pause(PAUSE_ON_429_MS);
    },
    /** `tokens`: the attempt's total; what no call reported is charged to the open turn. */
    end(tokens: number): void {
      grant?.settle(Math.max(0, tokens - counted));
      clearTimeout(held);
      held = undefined;
      for (const echo of echoes) clearTimeout(echo);
      echoes.clear();
      pgid = undefined;
    },
  };
}
