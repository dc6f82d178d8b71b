import ts from "typescript";
import { indentUnit } from "./format-settings.js";
import { typedefDeclaration } from "./jsdoc-type-text.js";
import type { TextEdit } from "./text-edits.js";

/** The JSDoc comments of a file, each parsed on its own (a node owns only its last one). */
function jsdocComments(
  source: ts.SourceFile,
): { end: number; doc: ts.JSDoc; from: ts.SourceFile }[] {
  const found: { end: number; doc: ts.JSDoc; from: ts.SourceFile }[] = [];
  const seen = new Set<number>();
  for (const node of [...source.statements, source.endOfFileToken]) {
    for (const range of ts.getLeadingCommentRanges(source.text, node.pos) ?? []) {
      const text = source.text.slice(range.pos, range.end);
      if (seen.has(range.pos) || !text.startsWith("/**")) continue;
      seen.add(range.pos);
      const snippet = ts.createSourceFile("jsdoc.ts", `${text}\n0;`, ts.ScriptTarget.Latest, true);
      const [statement] = snippet.statements;
      const doc = statement && ts.getJSDocCommentsAndTags(statement).find(ts.isJSDoc);
      if (doc) found.push({ end: range.end, doc, from: snippet });
    }
  }
  return found;
}

/**
 * `@typedef` and `@callback` tags become type aliases and interfaces: TypeScript files ignore
 * JSDoc types, so annotations that name them need real declarations. In an ES module they are
 * exported, as a JavaScript module's typedefs are.
 */
export function typedefsToDeclarations(source: ts.SourceFile, esm: boolean): TextEdit[] {
  const indent = indentUnit(source.text);
  const newLine = source.text.includes("\r\n") ? "\r\n" : "\n";
  const edits: TextEdit[] = [];
  for (const { end, doc, from } of jsdocComments(source)) {
    const tags: readonly ts.JSDocTag[] = doc.tags ?? [];
    const declarations = tags
      .filter(
        (t): t is ts.JSDocTypedefTag | ts.JSDocCallbackTag =>
          ts.isJSDocTypedefTag(t) || ts.isJSDocCallbackTag(t),
      )
      .map((t) => typedefDeclaration(t, from, indent))
      .filter((d): d is string => d !== undefined)
      .map((d) => (esm ? `export ${d}` : d));
    if (declarations.length === 0) continue;
    edits.push({ start: end, end, text: `${newLine}${declarations.join(`${newLine}${newLine}`)}` });
  }
  return edits;
}
