import { describe, expect, it } from "vitest";
import { filesInScope, lintPlan } from "../../plan/index.js";
import { NothingToConvertError } from "./nothing-to-convert-error.js";
import { planJsToTs } from "./plan-js-to-ts.js";

const FILES = [
  "package.json",
  "index.html",
  "webpack.config.js",
  "dist/bundle.js",
  "src/main.jsx",
  "src/components/Header.jsx",
  "src/components/List.js",
  ...Array.from({ length: 12 }, (_, i) => `src/utils/u${String(i).padStart(2, "0")}.js`),
  "lib/tool.cjs",
];

describe("planJsToTs", () => {
  const { plan, warnings } = planJsToTs("Convert to TypeScript", FILES, 5);
  const byId = new Map(plan.tasks.map((t) => [t.id, t]));

  it("makes one task per directory shard of at most --batch files, and one per JSX file", () => {
    expect(plan.tasks.map((t) => [t.id, t.title])).toEqual([
      ["convert-src-components-header", "Convert src/components/Header.jsx → TSX"],
      ["convert-src-main", "Convert src/main.jsx → TSX"],
      ["convert-lib", "Convert lib/tool.cjs → TypeScript"],
      ["convert-src-components", "Convert src/components/List.js → TypeScript"],
      ["convert-src-utils", "Convert src/utils/*.js → TypeScript (part 1 of 3)"],
      ["convert-src-utils-2", "Convert src/utils/*.js → TypeScript (part 2 of 3)"],
      ["convert-src-utils-3", "Convert src/utils/*.js → TypeScript (part 3 of 3)"],
      ["tsconfig", "Create tsconfig.json with strict settings"],
      ["fix-type-errors", "Fix type errors in converted files"],
    ]);
    expect(plan.tasks.every((t) => t.agent === "builtin:js-to-ts")).toBe(true);
  });

  it("gives each task its files under both their old and their new names", () => {
    const owned = (id: string, files: string[]): string[] =>
      filesInScope(byId.get(id)?.files ?? [], files);
    expect(
      owned("convert-src-utils", [
        "src/utils/u00.js",
        "src/utils/u00.ts",
        "src/utils/u00.tsx",
        "src/utils/u07.ts",
      ]),
    ).toEqual(["src/utils/u00.js", "src/utils/u00.ts", "src/utils/u00.tsx"]);
    expect(owned("convert-lib", ["lib/tool.cjs", "lib/tool.cts", "lib/tool.ts"])).toEqual([
      "lib/tool.cjs",
      "lib/tool.cts",
    ]);
    expect(owned("tsconfig", ["tsconfig.json"])).toEqual(["tsconfig.json"]);
    expect(
      owned("fix-type-errors", [
        "src/main.tsx",
        "index.html",
        "untyped-modules.d.ts",
        "tsconfig.json",
        "dist/bundle.js",
        "webpack.config.js",
      ]),
    ).toEqual(["src/main.tsx", "index.html", "untyped-modules.d.ts", "tsconfig.json"]);
  });

  it("runs the fix task last, and checks the result with armada's own tsc", () => {
    expect(byId.get("fix-type-errors")?.deps).toEqual(plan.tasks.slice(0, -1).map((t) => t.id));
    expect(plan.checks).toHaveLength(1);
    expect(plan.checks[0]).toMatch(
      /^\/\S*node\S* \/\S+\/typescript\/bin\/tsc --noEmit -p tsconfig.json$/,
    );
    expect(lintPlan(plan, FILES).warnings).toEqual([
      'task "tsconfig": its files (tsconfig.json) match no file of the base; it can only create new ones.',
    ]);
  });

  it("hands the type errors to the model agent when there is one, checked with tsc", () => {
    const withModel = planJsToTs("Convert to TypeScript", FILES, 5, { modelAgent: true });
    const fix = withModel.plan.tasks.at(-1);
    expect(fix?.id).toBe("fix-type-errors");
    expect(fix?.agent).toBeUndefined();
    expect(fix?.checks).toEqual(withModel.plan.checks);
    expect(fix?.instructions).toContain(`Make \`${withModel.plan.checks[0]}\` pass:`);
    expect(withModel.plan.tasks.slice(0, -1).every((t) => t.agent === "builtin:js-to-ts")).toBe(
      true,
    );
    expect(byId.get("fix-type-errors")?.agent).toBe("builtin:js-to-ts");
  });

  it("says which files it leaves as JavaScript, and when there is no package.json", () => {
    expect(warnings).toEqual([
      "Left as JavaScript, because the tools that read them expect JavaScript: webpack.config.js.",
    ]);
    expect(planJsToTs("x", ["a.js"], 10).warnings[0]).toMatch(
      /^There is no package.json at the repository's root/,
    );
  });

  it("refuses a repository with nothing to convert", () => {
    expect(() => planJsToTs("x", ["src/a.ts", "README.md"], 10)).toThrow(NothingToConvertError);
    expect(() => planJsToTs("x", ["README.md", "dist/x.js"], 10)).toThrow(
      "Nothing to do: this repository has no JavaScript source files to convert to TypeScript; 1 JavaScript file is left as JavaScript on purpose (dist/x.js). Nothing was started.",
    );
  });
});
