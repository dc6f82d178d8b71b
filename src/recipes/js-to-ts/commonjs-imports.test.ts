import { describe, expect, it } from "vitest";
import { commonJsToTypeScript } from "./commonjs-imports.js";
import { compareEmit } from "./emit-equivalence.js";
import { parseSource } from "./inspect-source.js";
import { applyEdits } from "./text-edits.js";

function convert(text: string): { ts: string; baseline: string } {
  const rewrite = commonJsToTypeScript(parseSource("a.ts", text));
  return { ts: applyEdits(text, rewrite.edits), baseline: applyEdits(text, rewrite.baseline) };
}

describe("commonJsToTypeScript", () => {
  it("turns requires and a sole module.exports into TypeScript's CommonJS syntax", () => {
    const text = [
      'const fs = require("fs");',
      "var path = require('path')",
      "",
      "function read(file) {",
      "  return fs.readFileSync(path.join(__dirname, file), 'utf8');",
      "}",
      "",
      "module.exports = read;",
      "",
    ].join("\n");
    const { ts, baseline } = convert(text);
    expect(ts).toBe(
      [
        'import fs = require("fs");',
        "import path = require('path')",
        "",
        "function read(file) {",
        "  return fs.readFileSync(path.join(__dirname, file), 'utf8');",
        "}",
        "",
        "export = read;",
        "",
      ].join("\n"),
    );
    expect(baseline).toBe(text.replace("var path", "const path"));
    // The TypeScript emits exactly what the original (with `const`) emits.
    expect(
      compareEmit({ file: "a.js", text: baseline }, { file: "a.ts", text: ts }, false),
    ).toEqual({
      equivalent: true,
    });
  });

  it("leaves requires it cannot prove safe, and mixed exports, alone", () => {
    const text = [
      "let config = require('./config');",
      "const unused = require('./side-effect');",
      "const { a } = require('./a');",
      "use(early);",
      "var early = require('./early');",
      "if (process.env.X) config = {};",
      "module.exports = config;",
      "module.exports.a = a;",
      "",
    ].join("\n");
    expect(convert(text).ts).toBe(text);
  });
});

describe("module.exports in the middle of a file", () => {
  it("stays, because TypeScript would move `export =` to the end", () => {
    const text =
      "module.exports = function () {\n  return helper();\n};\nfunction helper() {\n  return 1;\n}\n";
    expect(convert(text).ts).toBe(text);
  });
});

describe("requires in a file that does not end with module.exports", () => {
  it("stay, because TypeScript would mark the module as an ES module", () => {
    const text = "const a = require('./a');\nexports.b = a + 1;\n";
    expect(convert(text).ts).toBe(text);
  });
});
