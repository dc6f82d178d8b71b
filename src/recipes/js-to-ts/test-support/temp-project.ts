import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ts from "typescript";
import { onTestFinished } from "vitest";
import { emitJavaScript } from "../emit-equivalence.js";

export interface TempProject {
  root: string;
  read(file: string): string;
  write(file: string, text: string): void;
}

/** A project folder on disk, removed when the test ends. */
export function tempProject(files: Record<string, string>): TempProject {
  const root = mkdtempSync(path.join(tmpdir(), "armada-js-to-ts-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const project: TempProject = {
    root,
    read: (file) => readFileSync(path.join(root, file), "utf8"),
    write(file, text) {
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), text);
    },
  };
  for (const [file, text] of Object.entries(files)) project.write(file, text);
  return project;
}

/**
 * The JavaScript a file compiles to, without comments, whitespace, or parentheses around a
 * lone arrow-function parameter (typing `x => x` needs them): what must not change when
 * JavaScript becomes TypeScript.
 */
export function emittedCode(file: string, text: string, esm = true): string {
  const js = emitJavaScript(file, text, esm);
  const printer = ts.createPrinter({ removeComments: true });
  const source = ts.createSourceFile(
    "out.jsx",
    js,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.JSX,
  );
  return printer
    .printFile(source)
    .replace(/\s+/g, "")
    .replace(/\(([A-Za-z_$][\w$]*)\)=>/g, "$1=>");
}
