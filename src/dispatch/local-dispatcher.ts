import type { Dispatcher } from "../core/dispatcher-port.js";
import type { AgentFactory, SandboxFactory } from "./factories.js";
import { runAttempt } from "./run-attempt.js";

/**
 * Runs attempts in the master process. The scheduler bounds how many run at once, so this
 * pool only tracks what is in flight for `close`.
 */
export function localDispatcher(
  repoRoot: string,
  makeSandbox: SandboxFactory,
  makeAgent: AgentFactory,
): Dispatcher {
  const inFlight = new Set<Promise<unknown>>();
  return {
    start(spec, hooks) {
      const attempt = runAttempt(spec, hooks, repoRoot, makeSandbox, makeAgent);
      inFlight.add(attempt);
      void attempt.finally(() => inFlight.delete(attempt));
      return attempt;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
    },
  };
}
