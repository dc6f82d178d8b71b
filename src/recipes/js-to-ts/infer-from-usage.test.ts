import { describe, expect, it } from "vitest";
import { inferFromUsage } from "./infer-from-usage.js";
import { applyPass, memoryProject } from "./test-support/language-service.js";
import { emittedCode } from "./test-support/temp-project.js";

const JS = `export function label(user, suffix) {
  return user.first + " " + user.last.toUpperCase() + suffix;
}

export const twice = n => n * 2;
twice(2);

export function initials(name) {
  return name.split(" ").map((part) => part[0]).join("");
}

label({ first: "Ada", last: "Lovelace" }, "!");
initials("Ada Lovelace");
`;

describe("types from usage", () => {
  it("types parameters from how they are used, and leaves callbacks to their callee", () => {
    const project = memoryProject({ "a.ts": JS });
    const text = applyPass(project, "a.ts", (p, f) => inferFromUsage(p, f));
    expect(text).toContain(
      "export function label(user: { first: any; last: any; }, suffix: string) {",
    );
    expect(text).toContain("export function initials(name: string) {");
    expect(text).toContain("export const twice = (n: number) => n * 2;");
    // `part` is a string once `name` is: no guess from its own usage.
    expect(text).toContain(".map((part) => part[0])");
    expect(emittedCode("a.ts", text)).toBe(emittedCode("a.js", JS));
  });

  it("types callbacks from their usage only when asked, for callbacks handed to untyped code", () => {
    const js = "declare const untyped: any;\nuntyped.each((item) => item.toFixed(2));\n";
    const project = memoryProject({ "a.ts": js });
    expect(applyPass(project, "a.ts", (p, f) => inferFromUsage(p, f))).toBe(js);
    expect(applyPass(project, "a.ts", (p, f) => inferFromUsage(p, f, true))).toContain(
      "untyped.each((item: number) => item.toFixed(2));",
    );
  });
});
