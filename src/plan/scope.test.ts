import { describe, expect, it } from "vitest";
import { filesInScope, literalGlob } from "./scope.js";

describe("scopes", () => {
  it("a literal glob matches exactly its own path, glob characters included", () => {
    const files = ["src/[id].js", "src/i.js", "src/d.js", "a{b,c}.js", "ab.js", "(x)!.js"];
    for (const file of ["src/[id].js", "a{b,c}.js", "(x)!.js"]) {
      expect(filesInScope([literalGlob(file)], files)).toEqual([file]);
    }
  });

  it("globs match dotfiles and nested paths", () => {
    expect(filesInScope(["src/**"], ["src/.env.example", "src/a/b.js", "lib/c.js"])).toEqual([
      "src/.env.example",
      "src/a/b.js",
    ]);
  });
});
