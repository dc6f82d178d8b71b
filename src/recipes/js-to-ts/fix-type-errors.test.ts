import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fixTypeErrors } from "./fix-type-errors.js";
import { tempProject } from "./test-support/temp-project.js";
import { ALLOW_JS_NOTE } from "./write-tsconfig.js";

const TSC = path.resolve(import.meta.dirname, "../../../node_modules/typescript/bin/tsc");

function tsc(root: string): string {
  try {
    execFileSync(process.execPath, [TSC, "--noEmit", "-p", "tsconfig.json"], {
      cwd: root,
      encoding: "utf8",
    });
    return "passed";
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}

const TSCONFIG = `{
  "compilerOptions": {
    "strict": true,
    "allowJs": true, // ${ALLOW_JS_NOTE}
    "noEmit": true,
    "skipLibCheck": true,
    "jsx": "react-jsx",
    "module": "ESNext",
    "moduleResolution": "Bundler"
  },
  "include": ["src"]
}
`;

describe("the fix-type-errors task", () => {
  it("declares untyped modules, records each remaining error as type debt, and tsc passes", () => {
    const project = tempProject({
      "tsconfig.json": TSCONFIG,
      "index.html":
        '<script type="module" src="/src/main.jsx"></script>\n<script src="https://cdn.example/x.js"></script>\n',
      "src/main.tsx": [
        'import { createRoot } from "react-dom/client";',
        'import { total } from "./total";',
        "",
        "export function Main({ prices }: { prices: number[] }) {",
        "  return (",
        "    <p>",
        "      <b>{total(prices, 2)}</b>",
        "    </p>",
        "  );",
        "}",
        'createRoot(document.body).render(<Main prices={["1"]} />);',
        "",
      ].join("\n"),
      "src/total.ts":
        "export function total(values: number[]): number {\n  return values.reduce((a, b) => a + b, 0).toFixed(2);\n}\n",
    });
    const log: string[] = [];
    const report = fixTypeErrors(
      project.root,
      ["src/main.tsx", "src/total.ts", "tsconfig.json", "index.html"],
      (l) => log.push(l),
    );
    expect(report.untypedModules).toEqual(["react-dom/client", "react/jsx-runtime"]);
    expect(report.remaining).toEqual([]);
    expect(report.debt.map((d) => `${d.file}:${d.line} TS${d.code}`)).toEqual([
      "src/main.tsx:7 TS2554",
      "src/main.tsx:12 TS2322",
      "src/total.ts:2 TS2322",
    ]);
    expect(project.read("src/main.tsx")).toContain(
      "    <p>\n      {/* @ts-expect-error armada: TS2554 Expected 1 arguments, but got 2. */}\n      <b>{total(prices, 2)}</b>",
    );
    expect(project.read("untyped-modules.d.ts")).toContain(
      'declare module "react-dom/client";\ndeclare module "react/jsx-runtime";\n',
    );
    expect(project.read("untyped-modules.d.ts")).toContain("declare namespace JSX {");
    // No JavaScript left: the allowJs the tsconfig task added goes; the shim is included.
    expect(project.read("tsconfig.json")).not.toContain("allowJs");
    expect(project.read("tsconfig.json")).toContain('"include": ["src", "untyped-modules.d.ts"]');
    expect(project.read("index.html")).toBe(
      '<script type="module" src="/src/main.tsx"></script>\n<script src="https://cdn.example/x.js"></script>\n',
    );
    expect(log).toContain("armada: index.html: /src/main.jsx → /src/main.tsx");
    expect(tsc(project.root)).toBe("passed");
  });

  it("reports errors it may not touch instead of hiding them", () => {
    const project = tempProject({
      "tsconfig.json":
        '{ "compilerOptions": { "strict": true, "noEmit": true, "skipLibCheck": true } }\n',
      "mine.ts": 'export const a: number = "x";\n',
      "theirs.ts": 'export const b: number = "y";\n',
    });
    const report = fixTypeErrors(project.root, ["mine.ts"], () => {});
    expect(report.debt.map((d) => d.file)).toEqual(["mine.ts"]);
    expect(report.remaining).toEqual([
      "theirs.ts:1:14: TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
  });

  it("removes its own comments that no longer expect an error, and leaves syntax errors to the person", () => {
    const project = tempProject({
      "tsconfig.json":
        '{ "compilerOptions": { "strict": true, "noEmit": true, "skipLibCheck": true } }\n',
      "fixed.ts":
        "// @ts-expect-error armada: TS2322 Type 'string' is not assignable to type 'number'.\nexport const a: number = 1;\n",
      "broken.ts": "export const b = (x: number => x;\n",
    });
    const report = fixTypeErrors(project.root, ["fixed.ts", "broken.ts"], () => {});
    expect(project.read("fixed.ts")).toBe("export const a: number = 1;\n");
    expect(project.read("broken.ts")).toBe("export const b = (x: number => x;\n");
    expect(report.debt).toEqual([]);
    expect(report.remaining).toEqual(["broken.ts:1:29: TS1005: ',' expected."]);
  });

  it("needs the tsconfig.json the tsconfig task writes", () => {
    const project = tempProject({ "a.ts": "export {};\n" });
    expect(() => fixTypeErrors(project.root, ["a.ts"], () => {})).toThrow(
      "tsconfig.json is missing: the tsconfig task writes it, and this task runs after it.",
    );
  });
});

describe("globals without types", () => {
  it("are declared once in the shim instead of once per use", () => {
    const project = tempProject({
      "tsconfig.json":
        '{ "compilerOptions": { "strict": true, "noEmit": true, "skipLibCheck": true, "types": [] } }\n',
      "a.ts": "const fs = require('fs');\nexport const cwd: string = process.cwd() + fs.sep;\n",
    });
    const report = fixTypeErrors(project.root, ["a.ts"], () => {});
    expect(report.untypedGlobals).toEqual(["process", "require"]);
    expect(report.debt).toEqual([]);
    expect(project.read("untyped-modules.d.ts")).toContain(
      "declare var process: any;\ndeclare var require: any;\n",
    );
    expect(tsc(project.root)).toBe("passed");
  });
});
