/** Tokens a model call (or a sum of calls) used, and their price when the model has one. */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  /** Absent when some of the tokens were spent on a model without a known price. */
  costUsd?: number | undefined;
}

export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0, costUsd: 0 };

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costUsd: a.costUsd === undefined || b.costUsd === undefined ? undefined : a.costUsd + b.costUsd,
  };
}

/** What was spent on priced models: the figure a budget is held against. */
export function knownCost(usages: (Usage | undefined)[]): number {
  return usages.reduce((sum, u) => sum + (u?.costUsd ?? 0), 0);
}

/** Dollars as people write them: cents, and finer only when it matters ($0.015). */
export function formatUsd(amount: number): string {
  return `$${Number(amount.toFixed(amount >= 1 ? 2 : 4)).toString()}`;
}
