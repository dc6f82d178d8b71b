import type { CheckFailure } from "./assembler-port.js";
import { failureLines } from "./failure-lines.js";
import type { BaselineFailure } from "./records.js";

/**
 * Whether a check failed the way it already did on the base: with no failing test case it
 * did not have there (when its output names test cases), or else no new line of failure.
 */
export function failedAsBefore(failure: CheckFailure, baseline: BaselineFailure[] | undefined) {
  const known = baseline?.find((b) => b.check === failure.check);
  if (!known) return false;
  if (failure.tests && known.tests) {
    const before = new Set(known.tests);
    return failure.tests.every((test) => before.has(test));
  }
  const before = new Set(known.lines);
  return failureLines(failure.tail).every((line) => before.has(line));
}

/**
 * The failures that are the agents' doing: not there, or not this way, on the base; each
 * naming only the test cases that did not fail there.
 */
export function regressionsOf(
  failures: CheckFailure[],
  baseline: BaselineFailure[] | undefined,
): CheckFailure[] {
  return failures
    .filter((f) => !failedAsBefore(f, baseline))
    .map((f) => {
      const before = baseline?.find((b) => b.check === f.check)?.tests;
      return f.tests && before ? { ...f, tests: f.tests.filter((t) => !before.includes(t)) } : f;
    });
}
