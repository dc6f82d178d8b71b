import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import type ts from "typescript";
import { commonJsToTypeScript } from "./commonjs-imports.js";
import { conversionOptions } from "./compiler-settings.js";
import { isConvertible, possibleTypescriptNames, typescriptName } from "./convertible-files.js";
import { countAnnotations } from "./count-annotations.js";
import { declareClassProperties } from "./declare-class-properties.js";
import { compareEmit, syntaxError } from "./emit-equivalence.js";
import { inferFromUsage } from "./infer-from-usage.js";
import { inferReturnTypes } from "./infer-return-types.js";
import { inspectSource, parseSource, type SourceVerdict } from "./inspect-source.js";
import { annotateFromJsdoc, optionalParametersFromJsdoc } from "./jsdoc-annotations.js";
import { typedefsToDeclarations } from "./jsdoc-typedefs.js";
import { optionalFromCalls } from "./optional-from-calls.js";
import { readProjectLayout } from "./project-layout.js";
import { createProjectService, type ProjectService } from "./project-service.js";
import { propTypesToInterfaces } from "./prop-types-interfaces.js";
import { hasReactTypes } from "./react-types.js";
import { rewriteSpecifiers } from "./rewrite-specifiers.js";
import { applyEdits, type TextEdit } from "./text-edits.js";

export interface ConvertReport {
  converted: { from: string; to: string; annotations: number }[];
  unsupported: { file: string; reason: string }[];
  failed: { file: string; message: string }[];
}

interface Conversion {
  from: string;
  to: string;
  original: string;
  /** The original with the intended changes of JavaScript (import paths, `const`). */
  baseline: string;
  /** The original with its import paths changed: what is written when typing fails. */
  renamedOnly: string;
  esm: boolean;
}

type Pass = (project: ProjectService, file: string) => TextEdit[];

/**
 * Each pass sees the result of the one before. Inference from usage runs again as more gets
 * typed: first the declarations, then what they made inferable, then class members, and last
 * the callbacks handed to code that is still untyped.
 */
function passes(reactTypes: boolean): [string, Pass][] {
  const syntactic =
    (edit: (source: ts.SourceFile) => TextEdit[]): Pass =>
    (project, file) =>
      edit(parseSource(file, project.text(file)));
  const usage: Pass = (project, file) => inferFromUsage(project, file);
  return [
    ["JSDoc annotations", annotateFromJsdoc],
    ["optional parameters", syntactic(optionalParametersFromJsdoc)],
    ["parameters callers leave out", optionalFromCalls],
    ["React props", syntactic((source) => propTypesToInterfaces(source, reactTypes))],
    ["types from usage", usage],
    ["types from usage", usage],
    ["class properties", declareClassProperties],
    ["types from usage", usage],
    ["types of callbacks from usage", (project, file) => inferFromUsage(project, file, true)],
    ["return types", inferReturnTypes],
  ];
}

/** Whether a file is one Node (or the type checker) loads as CommonJS. */
function isCommonJs(file: string, esm: boolean, packageType: string, bundled: boolean): boolean {
  if (esm || bundled) return false;
  return file.endsWith(".cjs") || (!file.endsWith(".mjs") && packageType === "commonjs");
}

function message(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

/**
 * Converts one task's JavaScript files to TypeScript in the project at `root`: checks each file
 * parses and is not Flow, renames it, types it with the passes above, and proves the emitted
 * JavaScript unchanged before writing anything. Other tasks' files are only read.
 */
export function convertFiles(
  root: string,
  files: string[],
  log: (line: string) => void,
): ConvertReport {
  const layout = readProjectLayout(root);
  const report: ConvertReport = { converted: [], unsupported: [], failed: [] };
  const exists = (file: string): boolean => existsSync(path.join(root, file));
  const verdicts = new Map<string, SourceVerdict>();
  const verdictOf = (file: string): SourceVerdict | undefined => {
    if (!isConvertible(file) || !exists(file)) return undefined;
    let verdict = verdicts.get(file);
    if (!verdict) {
      verdict = inspectSource(file, readFileSync(path.join(root, file), "utf8"));
      verdicts.set(file, verdict);
    }
    return verdict;
  };
  // Another task may have converted the target already (when tasks run one after another).
  const renamed = (target: string): boolean =>
    verdictOf(target)?.kind === "convertible" ||
    (!exists(target) && possibleTypescriptNames(target).some(exists));
  const conversions: Conversion[] = [];
  for (const file of files.filter((f) => isConvertible(f) && exists(f))) {
    const verdict = verdictOf(file);
    if (verdict?.kind === "flow") {
      report.unsupported.push({ file, reason: `Flow-annotated: ${verdict.reason}` });
      continue;
    }
    if (verdict?.kind === "syntax-error") {
      report.failed.push({ file, message: verdict.message });
      continue;
    }
    if (verdict?.kind !== "convertible") continue;
    const original = readFileSync(path.join(root, file), "utf8");
    const to = typescriptName(file, verdict.jsx);
    const source = parseSource(to, original);
    const specifiers = rewriteSpecifiers(source, file, layout.bundled, renamed);
    const commonJs = isCommonJs(file, verdict.esm, layout.packageType, layout.bundled)
      ? commonJsToTypeScript(source)
      : { edits: [], baseline: [] };
    const typedefs = typedefsToDeclarations(source, verdict.esm);
    conversions.push({
      from: file,
      to,
      original: applyEdits(original, [...specifiers, ...commonJs.edits, ...typedefs]),
      baseline: applyEdits(original, [...specifiers, ...commonJs.baseline]),
      renamedOnly: applyEdits(original, specifiers),
      esm: verdict.esm,
    });
  }
  if (report.failed.length > 0) return report;
  const options = conversionOptions(layout);
  const rootFiles = [
    ...layout.javascript,
    ...layout.typescript,
    ...layout.files.filter((f) => /\.d\.[cm]?ts$/.test(f)),
  ];
  const project = createProjectService(root, options, rootFiles);
  for (const c of conversions) {
    project.hide(c.from);
    project.setText(c.to, c.original);
  }
  const reactTypes = hasReactTypes(path.join(root, "index.ts"), options);
  for (const [name, pass] of passes(reactTypes)) {
    for (const c of conversions) {
      try {
        const edits = pass(project, c.to);
        if (edits.length > 0) project.setText(c.to, applyEdits(project.text(c.to), edits));
      } catch (error) {
        log(`armada: note: ${c.to}: skipped ${name} (${message(error)})`);
      }
    }
  }
  const results = new Map<Conversion, string>();
  for (const c of conversions) {
    let text = project.text(c.to);
    const broken = syntaxError(c.to, text);
    const typed = broken
      ? undefined
      : compareEmit({ file: c.from, text: c.baseline }, { file: c.to, text }, c.esm);
    if (!typed?.equivalent) {
      const why = broken
        ? `typing it broke its syntax (${broken})`
        : `typing it changed the emitted JavaScript\n${typed?.difference ?? ""}`;
      log(`armada: warning: ${c.to}: ${why}; it is only renamed (this is a bug of the recipe)`);
      text = c.renamedOnly;
      const unparsable = syntaxError(c.to, text);
      const plain = compareEmit({ file: c.from, text }, { file: c.to, text }, c.esm);
      if (unparsable || !plain.equivalent) {
        const detail = unparsable ?? (plain.equivalent ? "" : plain.difference);
        report.failed.push({
          file: c.from,
          message: `${c.from}: TypeScript reads this file differently from JavaScript, so renaming it would break it or change its behaviour: ${detail}`,
        });
        continue;
      }
    }
    report.converted.push({
      from: c.from,
      to: c.to,
      annotations: countAnnotations(parseSource(c.to, text)),
    });
    results.set(c, text);
  }
  if (report.failed.length > 0) return report;
  for (const [c, text] of results) {
    writeFileSync(path.join(root, c.to), text);
    if (c.to !== c.from) unlinkSync(path.join(root, c.from));
  }
  return report;
}
