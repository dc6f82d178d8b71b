import { describe, expect, it } from "vitest";
import { failureLines } from "./failure-lines.js";

describe("failureLines", () => {
  it("keeps what failed, without timings, colours or armada's own lines", () => {
    const output = [
      "$ npm test",
      "\u001b[31m✗ parses dates (12 ms)\u001b[0m",
      "✓ formats numbers",
      "Tests: 1 failed, 3 passed",
      "armada: check failed: exited with code 1",
    ].join("\n");
    expect(failureLines(output)).toEqual(["✗ parses dates ()", "Tests: 1 failed, 3 passed"]);
  });

  it("tells a different failure of the same check apart", () => {
    const base = failureLines("error TS5058: The specified path does not exist: 'tsconfig.json'.");
    const after = failureLines("src/a.ts(3,5): error TS2322: Type 'string' is not assignable.");
    expect(after.every((line) => base.includes(line))).toBe(false);
  });
});
