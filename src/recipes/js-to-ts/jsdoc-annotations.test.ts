import { describe, expect, it } from "vitest";
import { parseSource } from "./inspect-source.js";
import { annotateFromJsdoc, optionalParametersFromJsdoc } from "./jsdoc-annotations.js";
import { applyPass, memoryProject } from "./test-support/language-service.js";
import { emittedCode } from "./test-support/temp-project.js";

const JS = `/**
 * @param {string} name
 * @param {number} [count]
 * @returns {string}
 */
export function greet(name, count) {
  return name.repeat(count ?? 1);
}

/**
 * @param {Array.<string>} items
 * @param {function(string): boolean} keep
 * @param {Object=} options
 */
export function pick(items, keep, options) {
  return items.filter(keep).slice(0, options ? 1 : undefined);
}

/** @type {number | null} */
let last = null;
export const reset = () => { last = 0; return last; };
`;

describe("JSDoc to annotations", () => {
  it("annotates parameters, returns and variables from JSDoc, optional where JSDoc says so", () => {
    const project = memoryProject({ "a.ts": JS });
    applyPass(project, "a.ts", annotateFromJsdoc);
    const text = applyPass(project, "a.ts", (p, f) =>
      optionalParametersFromJsdoc(parseSource(f, p.text(f))),
    );
    expect(text).toContain("export function greet(name: string, count?: number): string {");
    expect(text).toContain(
      "export function pick(items: Array<string>, keep: (arg0: string) => boolean, options?: object | undefined) {",
    );
    expect(text).toContain("let last: number | null = null;");
    // Types only: the JavaScript it compiles to is the original's.
    expect(emittedCode("a.ts", text)).toBe(emittedCode("a.js", JS));
  });

  it("leaves a parameter required when a required one follows it", () => {
    const source = parseSource(
      "a.ts",
      "/** @param {number} [a] @param {number} b */\nfunction f(a: number, b: number) {}\n",
    );
    expect(optionalParametersFromJsdoc(source)).toEqual([]);
  });
});
