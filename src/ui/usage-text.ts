import { formatUsd, type Usage } from "../core/index.js";

function tokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/**
 * `1.2M tokens · $3.4 of $10 budget`; the cost is unknown when a model without a price was
 * used.
 */
export function usageText(usage: Usage, budgetUsd?: number): string {
  const used = `${tokens(usage.inputTokens + usage.outputTokens)} tokens`;
  const cost = usage.costUsd === undefined ? "cost unknown" : formatUsd(usage.costUsd);
  return `${used} · ${cost}${budgetUsd === undefined ? "" : ` of ${formatUsd(budgetUsd)} budget`}`;
}
