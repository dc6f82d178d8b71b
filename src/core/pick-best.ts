import type { AttemptResult } from "./dispatcher-port.js";

export interface Candidate {
  n: number;
  result: AttemptResult;
}

/**
 * Of attempts run side by side (best-of-N), the one to keep: those whose checks passed, then
 * the smallest change, then the first. Undefined when none succeeded.
 */
export function pickBest(candidates: Candidate[]): Candidate | undefined {
  return candidates
    .filter((c) => c.result.state === "succeeded" && c.result.commit !== undefined)
    .sort(
      (a, b) =>
        (a.result.changeSize ?? Number.POSITIVE_INFINITY) -
          (b.result.changeSize ?? Number.POSITIVE_INFINITY) || a.n - b.n,
    )[0];
}
