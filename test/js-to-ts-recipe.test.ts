import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const OBJECTIVE = "Convert all JavaScript files to TypeScript with strict mode";
const SLOW = { timeout: 240_000 };

/** tsc --noEmit in the repository, with armada's own TypeScript: no node_modules there. */
function typeCheck(root: string): { ok: boolean; output: string } {
  try {
    execFileSync(process.execPath, [TSC, "--noEmit", "-p", "tsconfig.json"], {
      cwd: root,
      encoding: "utf8",
    });
    return { ok: true, output: "" };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error) };
  }
}

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, encoding: "utf8" })
    .map((f) => path.posix.join(dir, f.split(path.sep).join("/")))
    .filter((f) => /\.[a-z]+$/.test(f))
    .sort();
}

function expectErrorLines(root: string, files: string[]): number {
  return files
    .map(
      (f) =>
        readFileSync(path.join(root, f), "utf8").match(/@ts-expect-error armada:/g)?.length ?? 0,
    )
    .reduce((a, b) => a + b, 0);
}

async function log(root: string, task: string): Promise<string> {
  const result = await armada(["logs", task], { cwd: root });
  return result.stdout;
}

describe("the js-to-ts recipe", () => {
  it(
    "converts the example app end to end, offline: plan, sandboxes, assembly, tsc, sync",
    SLOW,
    async () => {
      const repo = tempRepo();
      cpSync(path.join(ROOT, "examples/js-app"), repo.root, { recursive: true });
      repo.commitAll("the example app");
      const result = await armada(["run", OBJECTIVE, "--yes"], {
        cwd: repo.root,
        timeoutMs: 200_000,
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("Planner: built-in recipe js-to-ts");
      expect(result.stdout).toContain("Convert src/components/Header.jsx → TSX");
      expect(result.stdout).toContain("Convert src/utils/*.js → TypeScript");
      expect(result.stdout).toContain("Create tsconfig.json with strict settings");
      expect(result.stdout).toContain("Fix type errors in converted files");

      const status = await statusJson(repo.root);
      expect(status.run.state).toBe("completed");
      expect(status.run.checksState).toBe("passed");
      expect(status.run.applyState).toBe("applied");
      expect(status.tasks.every((t) => t.state === "completed" && t.merge === "merged")).toBe(true);
      expect(status.tasks.at(-1)?.id).toBe("fix-type-errors");

      const sources = filesUnder(repo.root, "src");
      expect(sources.filter((f) => /\.(js|jsx)$/.test(f))).toEqual([]);
      expect(sources).toEqual([
        "src/App.tsx",
        "src/api/client.ts",
        "src/api/users.ts",
        "src/components/Footer.tsx",
        "src/components/Header.tsx",
        "src/components/UserCard.tsx",
        "src/components/UserList.tsx",
        "src/hooks/useDebounce.ts",
        "src/hooks/useFetch.ts",
        "src/hooks/useLocalStorage.ts",
        "src/main.tsx",
        "src/utils/format.ts",
        "src/utils/math.ts",
        "src/utils/validation.ts",
      ]);
      // The work of the transforms, one example each.
      expect(repo.read("src/utils/format.ts")).toContain(
        "export function formatCurrency(amount: number, currency?: string): string {",
      );
      expect(repo.read("src/utils/validation.ts")).toContain(
        "export interface User {\n  id: number;",
      );
      expect(repo.read("src/api/client.ts")).toContain("  declare cacheMs: number;");
      expect(repo.read("src/components/Header.tsx")).toContain(
        "export function Header({ title, subtitle, onSearch }: HeaderProps) {",
      );
      expect(repo.read("src/App.tsx")).toContain('import { Header } from "./components/Header";');
      expect(repo.read("index.html")).toContain('src="/src/main.tsx"');
      expect(repo.read("tsconfig.json")).toContain('"strict": true');
      expect(repo.read("tsconfig.json")).not.toContain("allowJs");
      expect(repo.read("untyped-modules.d.ts")).toContain('declare module "react";');

      // The result type-checks, in the working tree it was synced to.
      expect(typeCheck(repo.root)).toEqual({ ok: true, output: "" });
      expect(repo.git("status", "--porcelain")).toContain("?? src/App.tsx");
      expect(repo.git("rev-list", "--count", "HEAD")).toBe("1");

      // The type debt is counted in the fix task's log, and matches the comments in the code.
      const fixLog = await log(repo.root, "fix-type-errors");
      const debt = Number(/armada: type-debt (\d+)/.exec(fixLog)?.[1]);
      expect(debt).toBe(expectErrorLines(repo.root, sources));
      // ... and reported with the run's result.
      expect((await statusJson(repo.root)).run.metrics).toMatchObject({ "type-debt": debt });
      expect((await armada(["status"], { cwd: repo.root })).stdout).toContain(
        `Type debt: ${debt} @ts-expect-error line${debt === 1 ? "" : "s"} left for a person or a model`,
      );
      expect(fixLog).toContain(
        "armada: untyped-modules 4: prop-types, react, react-dom/client, react/jsx-runtime",
      );
    },
  );

  it("converts CommonJS without a package.json, and leaves Flow files alone", SLOW, async () => {
    const repo = tempRepo({
      "lib/math.js": "function add(a, b) {\n  return a + b;\n}\nmodule.exports = add;\n",
      "lib/report.js": [
        "const add = require('./math');",
        "/** @param {number[]} values */",
        "function total(values) {",
        "  return values.reduce((sum, v) => add(sum, v), 0);",
        "}",
        "module.exports = total;",
        "",
      ].join("\n"),
      "lib/legacy.js": "// @flow\nexport function twice(x: number): number {\n  return x * 2;\n}\n",
    });
    const result = await armada(["run", "migrate to typescript", "--yes"], {
      cwd: repo.root,
      timeoutMs: 200_000,
    });
    expect(result.stdout).toContain("There is no package.json at the repository's root");
    expect(result.code).toBe(0);
    expect(repo.read("lib/math.ts")).toBe(
      "function add(a: number, b: number): number {\n  return a + b;\n}\nexport = add;\n",
    );
    expect(repo.read("lib/report.ts")).toContain("import add = require('./math');");
    expect(repo.read("lib/report.ts")).toContain("function total(values: number[]): number {");
    // Flow: reported, untouched, kept out of the type check.
    expect(repo.read("lib/legacy.js")).toBe(
      "// @flow\nexport function twice(x: number): number {\n  return x * 2;\n}\n",
    );
    expect(await log(repo.root, "convert-lib")).toContain(
      "armada: unsupported: lib/legacy.js is Flow-annotated: it has a @flow pragma; left as JavaScript",
    );
    expect(repo.read("tsconfig.json")).toContain('"exclude": ["node_modules","lib/legacy.js"]');
    expect(typeCheck(repo.root).ok).toBe(true);
  });

  it(
    "fails the task of a file that does not parse, with the parser's message, and goes on with the others",
    SLOW,
    async () => {
      const repo = tempRepo({
        "package.json": '{ "name": "broken", "type": "module" }\n',
        "src/good/a.js": "export const a = (n) => n + 1;\na(1);\n",
        "src/bad/broken.js": "export function f( {\n  return 1;\n}\n",
      });
      const result = await armada(["run", OBJECTIVE, "--retries", "0", "--yes"], {
        cwd: repo.root,
        timeoutMs: 200_000,
      });
      expect(result.code).toBe(1);
      const status = await statusJson(repo.root);
      const byId = Object.fromEntries(status.tasks.map((t) => [t.id, t]));
      expect(byId["convert-src-bad"]?.state).toBe("failed");
      expect(byId["convert-src-bad"]?.error?.split("\n")[0]).toBe(
        "src/bad/broken.js:2:10: ':' expected. (this task changed no file)",
      );
      expect(byId["convert-src-good"]?.state).toBe("completed");
      expect(byId.tsconfig?.state).toBe("completed");
      expect(byId["fix-type-errors"]?.state).toBe("blocked");
      expect(result.stdout).toContain("src/bad/broken.js:2:10: ':' expected.");
    },
  );

  it("is chosen for JS-to-TS objectives however worded, and only for them", async () => {
    const repo = tempRepo({ "package.json": "{}", "src/a.js": "export const a = 1;\n" });
    const plan = await armada(["plan", "js -> ts"], { cwd: repo.root });
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain(
      "Planner: built-in recipe js-to-ts (JavaScript to strict TypeScript, offline, without a model)",
    );
    const other = await armada(["plan", "Write unit tests for every module"], { cwd: repo.root });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(
      'No planner for "Write unit tests for every module". Armada needs a plan:',
    );
    expect(other.stderr).toContain(
      'Objectives of a built-in recipe are planned without a model: js-to-ts ("Convert all JavaScript files to TypeScript with strict mode").',
    );
    const forced = await armada(["plan", "Make it typed", "--planner", "recipe", "--json"], {
      cwd: repo.root,
    });
    expect(JSON.parse(forced.stdout).plan.tasks.map((t: { id: string }) => t.id)).toEqual([
      "convert-src",
      "tsconfig",
      "fix-type-errors",
    ]);
    const llm = await armada(["plan", "migrate to typescript", "--planner", "llm"], {
      cwd: repo.root,
    });
    expect(llm.stderr).toContain("armada: The master planner needs a model.");
    const each = await armada(["plan", "migrate to typescript", "--planner", "each"], {
      cwd: repo.root,
    });
    expect(each.stderr).toContain(
      'No planner for "migrate to typescript" (--planner each needs --each <glob>).',
    );
    const wrong = await armada(["plan", "x", "--planner", "magic"], { cwd: repo.root });
    expect(wrong.stderr).toContain(
      '--planner must be one of llm, recipe, each, plan, not "magic".',
    );
  });

  it("says there is nothing to do in a repository that is already TypeScript", async () => {
    const repo = tempRepo({
      "package.json": '{ "name": "typed" }\n',
      "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
      "src/a.ts": "export const a: number = 1;\n",
      "eslint.config.js": "export default [];\n",
    });
    const result = await armada(["run", "port the codebase to TS", "--yes"], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      "armada: Nothing to do: this repository is already TypeScript, with 1 TypeScript file and no JavaScript source to convert; 1 JavaScript file is left as JavaScript on purpose (eslint.config.js). Nothing was started.\n",
    );
    expect((await armada(["list"], { cwd: repo.root })).stdout).toMatch(
      /^No runs in this repository yet/,
    );
  });
});

/**
 * A generated ES-module package: shards of modules with classes, JSDoc and cross-directory
 * imports, and a main module that prints what they compute.
 */
function generatedPackage(dirs: number, perDir: number): Record<string, string> {
  const files: Record<string, string> = {
    "package.json": '{ "name": "generated", "type": "module" }\n',
  };
  const modules: string[] = [];
  for (let d = 0; d < dirs; d++) {
    for (let m = 0; m < perDir; m++) {
      const name = `src/d${d}/m${m}.js`;
      const previous = modules.at(-1);
      const importLine = previous
        ? `import { Counter as Base, scale as previousScale } from "${path.posix.relative(path.posix.dirname(name), previous).replace(/^(?!\.)/, "./")}";\n`
        : "";
      files[name] = [
        importLine,
        "/**",
        " * @param {number} value",
        " * @param {number} [factor]",
        " * @returns {number}",
        " */",
        `export function scale(value, factor) {`,
        `  return ${previous ? "previousScale(value) + " : ""}value * (factor ?? ${m + 2});`,
        "}",
        "",
        `export class Counter ${previous ? "extends Base " : ""}{`,
        `  constructor(start) {`,
        `    ${previous ? "super(start);" : ""}`,
        `    this.count${d}${m} = start + ${d * 10 + m};`,
        `    this.history${d}${m} = [];`,
        "  }",
        "",
        `  bump(by) {`,
        `    this.count${d}${m} += by;`,
        `    this.history${d}${m}.push(by);`,
        `    return this.count${d}${m};`,
        "  }",
        "}",
        "",
      ].join("\n");
      modules.push(name);
    }
  }
  files["src/main.js"] = [
    ...modules.map(
      (m, i) =>
        `import { Counter as C${i}, scale as s${i} } from "./${path.posix.relative("src", m)}";`,
    ),
    "const out = [];",
    ...modules.map((_, i) => `out.push(s${i}(${i}), new C${i}(${i}).bump(${i + 1}));`),
    "console.log(JSON.stringify(out));",
    "",
  ].join("\n");
  return files;
}

/** Compiles every TypeScript file of a repository to JavaScript beside it, as tsc would emit it. */
function compileInPlace(root: string): void {
  for (const file of filesUnder(root, "src").filter((f) => f.endsWith(".ts"))) {
    const output = ts.transpileModule(readFileSync(path.join(root, file), "utf8"), {
      fileName: file,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
      },
    }).outputText;
    writeFileSync(path.join(root, file.replace(/\.ts$/, ".js")), output);
  }
}

describe("the js-to-ts recipe on a generated package", () => {
  it(
    "converts every shard, type-checks, and the compiled result computes what the original did",
    SLOW,
    async () => {
      const repo = tempRepo(generatedPackage(3, 4));
      const before = execFileSync(process.execPath, ["src/main.js"], {
        cwd: repo.root,
        encoding: "utf8",
      });
      const result = await armada(
        ["run", "Migrate the codebase to TypeScript", "--batch", "3", "--yes"],
        {
          cwd: repo.root,
          timeoutMs: 200_000,
        },
      );
      expect(result.code).toBe(0);
      const status = await statusJson(repo.root);
      expect(status.tasks.map((t) => t.id)).toEqual([
        "convert-src-d0",
        "convert-src-d0-2",
        "convert-src-d1",
        "convert-src-d1-2",
        "convert-src-d2",
        "convert-src-d2-2",
        "convert-src",
        "tsconfig",
        "fix-type-errors",
      ]);
      const sources = filesUnder(repo.root, "src");
      expect(sources.filter((f) => f.endsWith(".js"))).toEqual([]);
      expect(sources.filter((f) => f.endsWith(".ts"))).toHaveLength(13);
      expect(repo.read("src/d1/m2.ts")).toContain(
        "export function scale(value: number, factor?: number): number {",
      );
      expect(repo.read("src/d1/m2.ts")).toContain("  declare count12: number;");
      expect(typeCheck(repo.root)).toEqual({ ok: true, output: "" });
      compileInPlace(repo.root);
      const after = execFileSync(process.execPath, ["src/main.js"], {
        cwd: repo.root,
        encoding: "utf8",
      });
      expect(after).toBe(before);
    },
  );
});
