import type { Dispatcher } from "../core/dispatcher-port.js";
import type { AgentFactory, SandboxFactory } from "./factories.js";
import { runAttempt } from "./run-attempt.js";

/**
 * Runs attempts in the master process. The scheduler bounds how many run at once, so this
 * pool only tracks what is in flight, and which runs' sandboxes to sweep on `close`.
 */
export function localDispatcher(
  repoRoot: string,
  makeSandbox: SandboxFactory,
  makeAgent: AgentFactory,
): Dispatcher {
  const inFlight = new Set<Promise<unknown>>();
  const used = new Map<string, Set<string>>();
  return {
    start(spec, hooks) {
      used.set(spec.sandbox, (used.get(spec.sandbox) ?? new Set()).add(spec.runId));
      const attempt = runAttempt(spec, hooks, repoRoot, makeSandbox, makeAgent);
      inFlight.add(attempt);
      void attempt.finally(() => inFlight.delete(attempt));
      return attempt;
    },
    async close() {
      await Promise.allSettled([...inFlight]);
      // Sandboxes kept for reuse go when the run's attempts are over.
      for (const [driver, runs] of used) {
        for (const runId of runs) await makeSandbox(driver).sweep(runId);
      }
      used.clear();
    },
  };
}
