import { describe, expect, it } from "vitest";
import { inspectSource } from "./inspect-source.js";

describe("inspectSource", () => {
  it("reports the parser's message with the file, line and column", () => {
    expect(inspectSource("src/broken.js", "export function f( {\n  return 1;\n}\n")).toEqual({
      kind: "syntax-error",
      message: "src/broken.js:2:10: ':' expected.",
    });
  });

  it("recognises Flow by its pragma and by type annotations without one", () => {
    expect(inspectSource("a.js", "// @flow\nexport const a = 1;\n")).toEqual({
      kind: "flow",
      reason: "it has a @flow pragma",
    });
    const annotated = inspectSource(
      "b.js",
      "export function f(x: number): string {\n  return String(x);\n}\n",
    );
    expect(annotated.kind).toBe("flow");
    expect(annotated.kind === "flow" && annotated.reason).toContain("b.js:1:");
    expect(inspectSource("c.js", "/* @noflow */\nexport const a = 1;\n").kind).toBe("convertible");
  });

  it("tells JSX and ES module syntax apart", () => {
    expect(inspectSource("a.js", "export const A = () => <div />;\n")).toEqual({
      kind: "convertible",
      jsx: true,
      esm: true,
    });
    expect(inspectSource("b.js", "const x = require('x');\nmodule.exports = x < 2 > 1;\n")).toEqual(
      {
        kind: "convertible",
        jsx: false,
        esm: false,
      },
    );
  });
});
