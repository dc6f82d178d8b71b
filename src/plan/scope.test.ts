import { describe, expect, it } from "vitest";
import { filesInScope, literalGlob, scopeIndex, scopeMatcher } from "./scope.js";

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

describe("the scope index", () => {
  const files = [
    "README.md",
    "src/.env.example",
    "src/a.js",
    "src/a.ts",
    "src/a-b.js",
    "src/lib/deep/x.js",
    "src/lib/y.ts",
    "src/[id].js",
    "src-old/a.js",
    "srcs/a.js",
    "lib/c.js",
    "a{b,c}.js",
    "ab.js",
    "(x)!.js",
    "dir/./odd.js",
  ];
  const globs = [
    "src/*.js",
    "src/**",
    "src/**/*.js",
    "src/lib/**/*.js",
    "src/a.js",
    "./src/a.js",
    "src/",
    "src",
    "**/*.ts",
    "*.{js,md}",
    "{src,lib}/*.js",
    "!src/**",
    "src/?.js",
    "src/a.+(js|ts)",
    "src-old/*",
    "nope/*.js",
    literalGlob("src/[id].js"),
    literalGlob("a{b,c}.js"),
    literalGlob("(x)!.js"),
  ];

  it("matches exactly what picomatch matches, glob by glob and together", () => {
    const index = scopeIndex(files);
    for (const glob of globs) {
      expect(index.match([glob]), glob).toEqual(files.filter(scopeMatcher([glob])).sort());
    }
    expect(index.match(globs.slice(0, 5))).toEqual(
      files.filter(scopeMatcher(globs.slice(0, 5))).sort(),
    );
    expect(index.match([])).toEqual([]);
  });

  it("answers each of 10,000 literal scopes with its one file", () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `src/f${i}.js`);
    const index = scopeIndex(many);
    const owned = many.map((file) => index.match([literalGlob(file)]));
    expect(owned.every((list, i) => list.length === 1 && list[0] === many[i])).toBe(true);
  });
});
