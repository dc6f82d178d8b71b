import { describe, expect, it } from "vitest";
import { inferReturnTypes } from "./infer-return-types.js";
import { applyPass, memoryProject } from "./test-support/language-service.js";
import { emittedCode } from "./test-support/temp-project.js";

const TS = `export function add(a: number, b: number) {
  return a + b;
}
export async function load(url: string) {
  const response = await fetch(url);
  return response.json();
}
export class Point {
  constructor(readonly x: number, readonly y: number) {}
  scaled(k: number) {
    return new Point(this.x * k, this.y * k);
  }
}
`;

describe("return types", () => {
  it("writes the return types the checker infers, except those that say nothing", () => {
    const project = memoryProject({ "a.ts": TS });
    const text = applyPass(project, "a.ts", inferReturnTypes);
    expect(text).toContain("export function add(a: number, b: number): number {");
    expect(text).toContain("export async function load(url: string) {");
    expect(text).toContain("scaled(k: number): Point {");
    expect(emittedCode("a.ts", text)).toBe(emittedCode("a.ts", TS));
  });
});
