import { describe, expect, it } from "vitest";
import { declareClassProperties } from "./declare-class-properties.js";
import { applyPass, memoryProject } from "./test-support/language-service.js";
import { emittedCode } from "./test-support/temp-project.js";

const JS = `export class Cache {
  constructor(limit: number) {
    this.limit = limit;
    this.entries = new Map<string, number>();
    this.hits = 0;
    this.last = null;
    this.pending = [];
  }

  touch(key: string) {
    this.hits += 1;
    this.last = key;
    const bump = () => {
      this.hits += 1;
    };
    bump();
  }
}
`;

describe("class properties", () => {
  it("declares what a class assigns, typed by what it assigns, as emit-free declare fields", () => {
    const project = memoryProject({ "a.ts": JS });
    const text = applyPass(project, "a.ts", declareClassProperties);
    expect(text.split("\n").slice(0, 7)).toEqual([
      "export class Cache {",
      "  declare limit: number;",
      "  declare entries: Map<string, number>;",
      "  declare hits: number;",
      "  declare last: string | null;",
      "  declare pending: any[];",
      "  constructor(limit: number) {",
    ]);
    expect(emittedCode("a.ts", text)).toBe(emittedCode("a.ts", JS));
  });
});
