import { describe, expect, it } from "vitest";
import { compareEmit } from "./emit-equivalence.js";

describe("compareEmit", () => {
  it("accepts added types, whitespace, comments and quote style", () => {
    const js = "// sum\nexport function sum(a, b) { return a + b + 'x'; }\n";
    const ts =
      'export function sum(a: number, b: number): string {\n  return a + b + "x";\n}\ninterface Unused { a: number }\n';
    expect(compareEmit({ file: "a.js", text: js }, { file: "a.ts", text: ts }, true)).toEqual({
      equivalent: true,
    });
  });

  it("catches a change of behaviour and shows where", () => {
    const js = "export function sum(a, b) {\n  return a + b;\n}\n";
    const ts = "export function sum(a: number, b: number) {\n  return a - b;\n}\n";
    expect(compareEmit({ file: "a.js", text: js }, { file: "a.ts", text: ts }, true)).toEqual({
      equivalent: false,
      difference: "before: return a + b;\nafter:  return a - b;",
    });
  });

  it("catches a class field that would now be defined, and an import TypeScript would drop", () => {
    const js =
      "import './setup.js';\nimport unused from './x.js';\nclass A { constructor() { this.x = 1; } }\n";
    const field =
      "import './setup.js';\nimport unused from './x.js';\nclass A { x: number; constructor() { this.x = 1; } }\n";
    expect(
      compareEmit({ file: "a.js", text: js }, { file: "a.ts", text: field }, true).equivalent,
    ).toBe(false);
    const declared =
      "import './setup.js';\nimport unused from './x.js';\nclass A { declare x: number; constructor() { this.x = 1; } }\n";
    expect(compareEmit({ file: "a.js", text: js }, { file: "a.ts", text: declared }, true)).toEqual(
      { equivalent: true },
    );
  });
});
