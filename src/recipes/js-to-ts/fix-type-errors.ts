import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { isTypeScript } from "./convertible-files.js";
import { EXPECT_ERROR_MARK, planExpectErrors, type Suppression } from "./expect-error-lines.js";
import { fixHtmlReferences } from "./html-references.js";
import { JsoncDocument } from "./jsonc-edit.js";
import { RecipeError } from "./recipe-error.js";
import { applyEdits, type TextEdit } from "./text-edits.js";
import { findUntypedModules, readShim, shimText, type UntypedModules } from "./untyped-modules.js";
import { UNTYPED_MODULES_FILE } from "./untyped-modules-file.js";
import { ALLOW_JS_NOTE } from "./write-tsconfig.js";

export interface FixReport {
  /** The `@ts-expect-error` lines added: the type debt. */
  debt: (Suppression & { file: string })[];
  /** Modules and globals declared `any` in untyped-modules.d.ts by this task. */
  untypedModules: string[];
  untypedGlobals: string[];
  /** Errors no comment can silence, formatted like tsc's. */
  remaining: string[];
}

const ROUNDS = 4;
/** "Unused '@ts-expect-error' directive." */
const UNUSED_DIRECTIVE = 2578;
function lineText(source: ts.SourceFile, line: number): string {
  const starts = source.getLineStarts();
  return source.text.slice(starts[line] ?? 0, starts[line + 1] ?? source.text.length);
}

/** The expect-error comments armada has put in a file: its type debt. */
function recordedDebt(root: string, fileName: string): FixReport["debt"] {
  if (!existsSync(fileName)) return [];
  const file = path.relative(root, fileName);
  return readFileSync(fileName, "utf8")
    .split("\n")
    .flatMap((text, i) => {
      const at = text.indexOf(EXPECT_ERROR_MARK);
      const match =
        at >= 0
          ? /^ TS(\d+) (.*?)(?: \*\/\})?$/.exec(text.slice(at + EXPECT_ERROR_MARK.length))
          : null;
      return match ? [{ file, line: i + 1, code: Number(match[1]), message: match[2] ?? "" }] : [];
    });
}

interface Checked {
  program: ts.Program;
  diagnostics: readonly ts.Diagnostic[];
  fileNames: string[];
}

/**
 * Type-checks the project as tsconfig.json defines it. Each check re-reads the files the task
 * may have changed; parsed files whose text is the same (the standard library above all) are
 * kept from one check to the next.
 */
function checker(): (configPath: string) => Checked {
  const parsedFiles = new Map<string, ts.SourceFile>();
  let previous: ts.Program | undefined;
  return (configPath) => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new RecipeError(
            `tsconfig.json cannot be read: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
          );
        },
      },
    );
    if (!parsed) throw new RecipeError("tsconfig.json cannot be read.");
    const host = ts.createCompilerHost(parsed.options);
    host.getSourceFile = (fileName, languageVersion) => {
      const text = ts.sys.readFile(fileName);
      if (text === undefined) return undefined;
      const known = parsedFiles.get(fileName);
      if (known?.text === text) return known;
      const source = ts.createSourceFile(fileName, text, languageVersion, true);
      parsedFiles.set(fileName, source);
      return source;
    };
    const program = ts.createProgram({
      rootNames: parsed.fileNames,
      options: parsed.options,
      host,
      configFileParsingDiagnostics: parsed.errors,
      ...(previous ? { oldProgram: previous } : {}),
    });
    previous = program;
    return { program, diagnostics: ts.getPreEmitDiagnostics(program), fileNames: parsed.fileNames };
  };
}

function formatted(root: string, d: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
  if (!d.file || d.start === undefined) return `TS${d.code}: ${text}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  return `${path.relative(root, d.file.fileName)}:${line + 1}:${character + 1}: TS${d.code}: ${text}`;
}

/** Drops the allowJs the tsconfig task added once no JavaScript is left to compile. */
function dropAllowJs(configPath: string, fileNames: string[], log: (line: string) => void): void {
  if (fileNames.some((f) => /\.(js|jsx|cjs|mjs)$/.test(f))) return;
  const text = readFileSync(configPath, "utf8");
  const doc = new JsoncDocument(text);
  const options = doc.object("compilerOptions");
  const line = text.split("\n").find((l) => l.includes('"allowJs"'));
  if (!options || !line?.includes(ALLOW_JS_NOTE)) return;
  const edit = doc.remove(options, "allowJs");
  if (!edit) return;
  writeFileSync(configPath, applyEdits(text, [edit]));
  log("armada: tsconfig.json: removed allowJs (no JavaScript is left)");
}

/** Writes the declarations of untyped modules and makes sure tsconfig.json includes them. */
function writeShim(
  root: string,
  configPath: string,
  diagnostics: readonly ts.Diagnostic[],
  check: (configPath: string) => Checked,
): UntypedModules {
  const found = findUntypedModules(diagnostics);
  if (found.modules.size === 0 && found.globals.size === 0 && !found.jsx) return found;
  const shimPath = path.join(root, UNTYPED_MODULES_FILE);
  const before = existsSync(shimPath) ? readShim(readFileSync(shimPath, "utf8")) : undefined;
  writeFileSync(
    shimPath,
    shimText({
      modules: new Set([...(before?.modules ?? []), ...found.modules]),
      globals: new Set([...(before?.globals ?? []), ...found.globals]),
      jsx: Boolean(before?.jsx) || found.jsx,
    }),
  );
  const { fileNames } = check(configPath);
  if (!fileNames.includes(shimPath)) {
    const text = readFileSync(configPath, "utf8");
    const doc = new JsoncDocument(text);
    const rootObject = doc.root();
    const key =
      doc.value(undefined, "include") !== undefined || doc.value(undefined, "files") === undefined
        ? "include"
        : "files";
    if (rootObject)
      writeFileSync(
        configPath,
        applyEdits(text, [doc.append(rootObject, key, [UNTYPED_MODULES_FILE])]),
      );
  }
  return found;
}

/**
 * The fix-type-errors task: points HTML pages at the renamed files, type-checks the whole
 * project as tsconfig.json defines it, declares the modules that have no types, and puts a
 * `// @ts-expect-error` line above each remaining error in the files it may edit, until
 * `tsc --noEmit` passes.
 */
export function fixTypeErrors(
  root: string,
  editable: string[],
  log: (line: string) => void,
): FixReport {
  const configPath = path.join(root, "tsconfig.json");
  if (!existsSync(configPath)) {
    throw new RecipeError(
      "tsconfig.json is missing: the tsconfig task writes it, and this task runs after it.",
    );
  }
  const check = checker();
  const mayEdit = new Set(editable.filter(isTypeScript).map((f) => path.join(root, f)));
  fixHtmlReferences(
    root,
    editable.filter((f) => f.endsWith(".html")),
    log,
  );
  dropAllowJs(configPath, check(configPath).fileNames, log);
  const untyped = writeShim(root, configPath, check(configPath).diagnostics, check);
  const report: FixReport = {
    debt: [],
    untypedModules: [...untyped.modules].sort(),
    untypedGlobals: [...untyped.globals].sort(),
    remaining: [],
  };
  for (let round = 0; round < ROUNDS; round++) {
    const { program, diagnostics } = check(configPath);
    const byFile = new Map<string, ts.Diagnostic[]>();
    report.remaining = [];
    for (const d of diagnostics) {
      if (d.file && mayEdit.has(d.file.fileName))
        byFile.set(d.file.fileName, [...(byFile.get(d.file.fileName) ?? []), d]);
      else report.remaining.push(formatted(root, d));
    }
    let changed = 0;
    for (const [fileName, fileDiagnostics] of byFile) {
      const source = program.getSourceFile(fileName);
      if (!source) continue;
      // A comment cannot silence a syntax error.
      const syntax = program.getSyntacticDiagnostics(source);
      if (syntax.length > 0) {
        report.remaining.push(...syntax.map((d) => formatted(root, d)));
        continue;
      }
      const lineOf = (d: ts.Diagnostic): number =>
        source.getLineAndCharacterOfPosition(d.start ?? 0).line;
      const stale = fileDiagnostics.filter(
        (d) =>
          d.code === UNUSED_DIRECTIVE && lineText(source, lineOf(d)).includes(EXPECT_ERROR_MARK),
      );
      const plan = planExpectErrors(
        source,
        fileDiagnostics.filter((d) => !stale.includes(d)),
      );
      const file = path.relative(root, fileName);
      for (const entry of plan.unsuppressible) {
        report.remaining.push(
          `${file}:${entry.line}: TS${entry.code}: ${entry.message} (inside a multi-line string, where no comment can go)`,
        );
      }
      const edits: TextEdit[] = [
        ...plan.inserts.map((i) => ({ start: i.position, end: i.position, text: i.text })),
        ...stale.map((d) => {
          const starts = source.getLineStarts();
          const line = lineOf(d);
          return {
            start: starts[line] ?? 0,
            end: starts[line + 1] ?? source.text.length,
            text: "",
          };
        }),
      ];
      if (edits.length === 0) continue;
      writeFileSync(fileName, applyEdits(source.text, edits));
      changed += edits.length;
    }
    if (changed === 0) break;
  }
  report.debt = [...mayEdit].flatMap((fileName) => recordedDebt(root, fileName));
  return report;
}
