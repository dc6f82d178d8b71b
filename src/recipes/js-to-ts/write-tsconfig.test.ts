import ts from "typescript";
import { describe, expect, it } from "vitest";
import { tempProject } from "./test-support/temp-project.js";
import { ALLOW_JS_NOTE, writeTsconfig } from "./write-tsconfig.js";

function written(files: Record<string, string>): {
  text: string;
  options: Record<string, unknown>;
  log: string[];
} {
  const project = tempProject(files);
  const log: string[] = [];
  writeTsconfig(project.root, (line) => log.push(line));
  const text = project.read("tsconfig.json");
  const parsed = ts.parseConfigFileTextToJson("tsconfig.json", text);
  expect(parsed.error).toBeUndefined();
  return { text, options: parsed.config, log };
}

describe("the tsconfig task", () => {
  it("creates a strict config for a bundled React app", () => {
    const { options, text } = written({
      "package.json": JSON.stringify({ type: "module", dependencies: { react: "^18" } }),
      "src/App.jsx": "export const App = () => <div />;\n",
      "src/legacy.js": "// @flow\nexport const x: number = 1;\n",
    });
    expect(options).toEqual({
      compilerOptions: {
        target: "ES2022",
        module: "ESNext",
        moduleResolution: "Bundler",
        jsx: "react-jsx",
        strict: true,
        allowJs: true,
        noEmit: true,
        esModuleInterop: true,
        resolveJsonModule: true,
        skipLibCheck: true,
        forceConsistentCasingInFileNames: true,
        verbatimModuleSyntax: true,
      },
      include: ["src"],
      exclude: ["node_modules", "src/legacy.js"],
    });
    expect(text).toContain(`"allowJs": true, // ${ALLOW_JS_NOTE}`);
  });

  it("resolves like Node for a package Node loads, CommonJS or not", () => {
    const cjs = written({
      "package.json": "{}",
      "index.js": "module.exports = 1;\n",
      "lib/a.js": "exports.a = 1;\n",
    });
    expect(cjs.options).toMatchObject({
      compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" },
      include: ["*.ts", "lib"],
    });
    expect(cjs.text).not.toContain("verbatimModuleSyntax");
    const esm = written({
      "package.json": '{ "type": "module" }',
      "index.mjs": "export default 1;\n",
    });
    expect(esm.options).toMatchObject({
      compilerOptions: { module: "NodeNext", verbatimModuleSyntax: true },
      include: ["*.mts"],
    });
  });

  it("turns an existing config strict and keeps its comments and other settings", () => {
    const original = [
      "{",
      "  // Our settings.",
      '  "compilerOptions": {',
      '    "target": "ES2019", // old browsers',
      '    "strict": false,',
      '    "noImplicitAny": false,',
      '    "outDir": "build"',
      "  },",
      '  "include": ["src"]',
      "}",
      "",
    ].join("\n");
    const { text, log } = written({
      "package.json": "{}",
      "tsconfig.json": original,
      "src/a.js": "export const a = 1;\n",
    });
    expect(text).toBe(
      [
        "{",
        "  // Our settings.",
        '  "compilerOptions": {',
        `    "allowJs": true, // ${ALLOW_JS_NOTE}`,
        '    "target": "ES2019", // old browsers',
        '    "strict": true,',
        '    "noImplicitAny": true,',
        '    "outDir": "build"',
        "  },",
        '  "include": ["src"]',
        "}",
        "",
      ].join("\n"),
    );
    expect(log).toEqual([
      "armada: tsconfig.json: strict: true (the point of the migration)",
      "armada: tsconfig.json: noImplicitAny: true (it would turn part of strict off)",
      "armada: tsconfig.json: allowJs: true (JavaScript and TypeScript side by side while the migration lasts)",
    ]);
  });

  it("refuses a config that is not JSON, saying where", () => {
    const project = tempProject({
      "package.json": "{}",
      "tsconfig.json": '{ "compilerOptions": { "strict": true,, } }',
      "a.js": "1;\n",
    });
    expect(() => writeTsconfig(project.root, () => {})).toThrow(
      /^tsconfig.json is not valid JSON with comments \(line 1: /,
    );
  });
});
