import type { RunSession } from "./run-session.js";
import { formatUsd, knownCost } from "./usage.js";

/**
 * Stops new tasks once the run's spend (planning included) reaches --budget. Spend is known
 * when attempts finish, so attempts in flight at that moment may take the total past it.
 */
export function checkBudget(session: RunSession): void {
  const budgetUsd = session.options.budgetUsd;
  if (budgetUsd === undefined || session.stopped) return;
  const { store } = session.deps;
  const run = store.getRun(session.runId);
  const spentUsd = knownCost([
    run?.planUsage,
    ...store.listAttempts(session.runId).map((a) => a.usage),
  ]);
  if (spentUsd < budgetUsd) return;
  session.stopped = `the budget was reached (${formatUsd(spentUsd)} spent of ${formatUsd(budgetUsd)})`;
  store.appendEvent(session.runId, { type: "run.budget", data: { spentUsd, budgetUsd } });
}
