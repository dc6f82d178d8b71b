import type { UsageTotals } from "./run-model.js";

function tokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}

/** `1.2M tokens · $3.40`; the cost is left out when a model without a price was used. */
export function usageText(usage: UsageTotals): string {
  const used = `${tokens(usage.inputTokens + usage.outputTokens)} tokens`;
  return usage.costUsd === undefined ? used : `${used} · $${usage.costUsd.toFixed(2)}`;
}
