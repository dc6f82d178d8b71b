import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { convertFiles } from "./convert-files.js";
import { emittedCode, tempProject } from "./test-support/temp-project.js";

const APP = {
  "package.json": JSON.stringify({ type: "module", dependencies: { react: "^18" } }),
  "src/format.js": "/** @param {number} n */\nexport const money = (n) => `$${n.toFixed(2)}`;\n",
  "src/Price.js": [
    'import { money } from "./format.js";',
    'import { Badge } from "./Badge.jsx";',
    "export function Price({ value }) {",
    "  return <Badge label={money(value)} />;",
    "}",
    "",
  ].join("\n"),
  "src/Badge.jsx": "export function Badge(props) {\n  return <b>{props.label}</b>;\n}\n",
};

describe("convertFiles", () => {
  it("renames, types and rewires a task's files, and their emitted JavaScript stays the same", () => {
    const project = tempProject(APP);
    const log: string[] = [];
    const report = convertFiles(project.root, ["src/format.js", "src/Price.js"], (l) =>
      log.push(l),
    );
    expect(report.failed).toEqual([]);
    expect(report.converted).toEqual([
      { from: "src/format.js", to: "src/format.ts", annotations: 1 },
      { from: "src/Price.js", to: "src/Price.tsx", annotations: 0 },
    ]);
    expect(existsSync(path.join(project.root, "src/format.js"))).toBe(false);
    expect(project.read("src/format.ts")).toBe(
      "/** @param {number} n */\nexport const money = (n: number) => `$${n.toFixed(2)}`;\n",
    );
    // A bundler finds the renamed files without their old extension.
    expect(project.read("src/Price.tsx")).toContain(
      'import { money } from "./format";\nimport { Badge } from "./Badge";',
    );
    // Another task's file is only read.
    expect(project.read("src/Badge.jsx")).toBe(APP["src/Badge.jsx"]);
    for (const { from, to } of report.converted) {
      const original = APP[from as keyof typeof APP].replace(
        /"\.\/(format|Badge)\.jsx?"/g,
        '"./$1"',
      );
      expect(emittedCode(to, project.read(to))).toBe(emittedCode(from, original));
    }
  });

  it("keeps `.js` import paths for code Node runs, and converts CommonJS to TypeScript's syntax", () => {
    const project = tempProject({
      "package.json": "{}",
      "lib/a.js":
        "const b = require('./b.js');\nmodule.exports = function a(x) {\n  return b(x) * 2;\n};\n",
      "lib/b.js": "module.exports = (x) => x + 1;\n",
    });
    const report = convertFiles(project.root, ["lib/a.js"], () => {});
    expect(report.converted.map((c) => c.to)).toEqual(["lib/a.ts"]);
    expect(project.read("lib/a.ts")).toBe(
      "import b = require('./b.js');\nexport = function a(x: any) {\n  return b(x) * 2;\n};\n",
    );
  });

  it("fails on a file that does not parse, naming it, and changes nothing", () => {
    const project = tempProject({
      "package.json": "{}",
      "ok.js": "export const a = 1;\n",
      "bad.js": "export const = 1;\n",
    });
    const report = convertFiles(project.root, ["ok.js", "bad.js"], () => {});
    expect(report.failed).toEqual([
      { file: "bad.js", message: "bad.js:1:14: Variable declaration expected." },
    ]);
    expect(existsSync(path.join(project.root, "ok.js"))).toBe(true);
    expect(existsSync(path.join(project.root, "ok.ts"))).toBe(false);
  });

  it("reports Flow files as unsupported and leaves them as they are", () => {
    const flow = "/* @flow */\nexport function f(x: ?number): number {\n  return x || 0;\n}\n";
    const project = tempProject({
      "package.json": "{}",
      "flow.js": flow,
      "plain.js": "export const p = 1;\n",
    });
    const report = convertFiles(project.root, ["flow.js", "plain.js"], () => {});
    expect(report.unsupported).toEqual([
      { file: "flow.js", reason: "Flow-annotated: it has a @flow pragma" },
    ]);
    expect(report.converted.map((c) => c.to)).toEqual(["plain.ts"]);
    expect(project.read("flow.js")).toBe(flow);
  });
});
