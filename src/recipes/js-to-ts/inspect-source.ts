import ts from "typescript";

export type SourceVerdict =
  | { kind: "convertible"; jsx: boolean; esm: boolean }
  | { kind: "flow"; reason: string }
  | { kind: "syntax-error"; message: string };

/** The codes of "… can only be used in TypeScript files": type syntax in a JavaScript file. */
const TYPE_SYNTAX_IN_JS = new Set([
  8002, 8003, 8004, 8005, 8006, 8008, 8009, 8010, 8011, 8012, 8013, 8016, 8017, 8037, 8038,
]);

export function scriptKindOf(file: string): ts.ScriptKind {
  if (/\.(jsx)$/.test(file)) return ts.ScriptKind.JSX;
  if (/\.(js|cjs|mjs)$/.test(file)) return ts.ScriptKind.JS;
  if (file.endsWith(".tsx")) return ts.ScriptKind.TSX;
  return ts.ScriptKind.TS;
}

export function parseSource(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
}

export function containsJsx(node: ts.Node): boolean {
  if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node))
    return true;
  return ts.forEachChild(node, containsJsx) ?? false;
}

export function hasModuleSyntax(source: ts.SourceFile): boolean {
  return source.statements.some(
    (s) =>
      ts.isImportDeclaration(s) ||
      ts.isExportDeclaration(s) ||
      (ts.isExportAssignment(s) && !s.isExportEquals) ||
      (ts.canHaveModifiers(s) &&
        (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)),
  );
}

function flowPragma(text: string): boolean {
  const comments = ts.getLeadingCommentRanges(text.replace(/^#!.*/, ""), 0) ?? [];
  return comments.some((c) => /(^|[^\w@])@flow\b/.test(text.slice(c.pos, c.end)));
}

function where(file: string, diagnostic: ts.Diagnostic): string {
  if (!diagnostic.file || diagnostic.start === undefined) return file;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${file}:${line + 1}:${character + 1}`;
}

/**
 * Whether a JavaScript file can be converted: it must parse, and carry no type syntax of its
 * own (Flow), which TypeScript would misread.
 */
export function inspectSource(file: string, text: string): SourceVerdict {
  if (flowPragma(text)) return { kind: "flow", reason: "it has a @flow pragma" };
  const { diagnostics = [] } = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { allowJs: true, jsx: ts.JsxEmit.Preserve, noEmit: false },
  });
  const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  const parseError = errors.find((d) => !TYPE_SYNTAX_IN_JS.has(d.code));
  if (parseError) {
    return {
      kind: "syntax-error",
      message: `${where(file, parseError)}: ${ts.flattenDiagnosticMessageText(parseError.messageText, " ")}`,
    };
  }
  const typeSyntax = errors[0];
  if (typeSyntax) {
    return {
      kind: "flow",
      reason: `it has type annotations that are not TypeScript's (${where(file, typeSyntax)}: ${ts.flattenDiagnosticMessageText(typeSyntax.messageText, " ")})`,
    };
  }
  const source = parseSource(file, text);
  return { kind: "convertible", jsx: containsJsx(source), esm: hasModuleSyntax(source) };
}
