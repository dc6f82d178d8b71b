import { describe, expect, it } from "vitest";
import { optionalFromCalls } from "./optional-from-calls.js";
import { applyPass, memoryProject } from "./test-support/language-service.js";

describe("parameters callers leave out", () => {
  it("makes trailing parameters optional when a caller anywhere passes fewer arguments", () => {
    const project = memoryProject({
      "a.ts":
        "export function request(method: string, path: string, body: unknown) {\n  return [method, path, body];\n}\nexport function always(a: number) {\n  return a;\n}\nalways(1);\n",
      "b.js": 'import { request } from "./a";\nrequest("GET", "/");\n',
    });
    const text = applyPass(project, "a.ts", optionalFromCalls);
    expect(text).toContain(
      "export function request(method: string, path: string, body?: unknown) {",
    );
    expect(text).toContain("export function always(a: number) {");
  });
});
