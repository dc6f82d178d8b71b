import { describe, expect, it } from "vitest";
import { parseSource } from "./inspect-source.js";
import { typedefsToDeclarations } from "./jsdoc-typedefs.js";
import { applyEdits } from "./text-edits.js";

function convert(text: string, esm = true): string {
  const source = parseSource("a.ts", text);
  return applyEdits(text, typedefsToDeclarations(source, esm));
}

describe("typedefsToDeclarations", () => {
  it("turns an object typedef with properties into an exported interface", () => {
    const text = [
      "/**",
      " * @typedef {Object} User",
      " * @property {number} id",
      " * @property {string} [role]",
      " * @property {?string} nick",
      " * @property {Array.<string>} tags",
      " */",
      "",
      "export const a = 1;",
      "",
    ].join("\n");
    expect(convert(text)).toBe(
      [
        "/**",
        " * @typedef {Object} User",
        " * @property {number} id",
        " * @property {string} [role]",
        " * @property {?string} nick",
        " * @property {Array.<string>} tags",
        " */",
        "export interface User {",
        "  id: number;",
        "  role?: string;",
        "  nick: string | null;",
        "  tags: string[];",
        "}",
        "",
        "export const a = 1;",
        "",
      ].join("\n"),
    );
  });

  it("turns type and callback typedefs into type aliases, unexported in a script", () => {
    const text =
      "/** @typedef {'a' | 'b'} Mode */\n/**\n * @callback Listener\n * @param {string} name\n * @param {*} [value]\n * @returns {void}\n */\nvar x = 1;\n";
    expect(convert(text, false)).toBe(
      "/** @typedef {'a' | 'b'} Mode */\ntype Mode = 'a' | 'b';\n/**\n * @callback Listener\n * @param {string} name\n * @param {*} [value]\n * @returns {void}\n */\ntype Listener = (name: string, value?: any) => void;\nvar x = 1;\n",
    );
  });
});
