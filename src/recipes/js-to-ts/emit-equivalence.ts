import ts from "typescript";

export type Equivalence = { equivalent: true } | { equivalent: false; difference: string };

/**
 * The first syntax error of a file, if any. The parser recovers from some errors (a missing
 * `)`) into the same tree as the correct text, so the emit comparison alone would not see them.
 */
export function syntaxError(file: string, text: string): string | undefined {
  const { diagnostics = [] } = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { jsx: ts.JsxEmit.Preserve, allowJs: true },
  });
  const error = diagnostics.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (!error) return undefined;
  const where =
    error.file && error.start !== undefined
      ? error.file.getLineAndCharacterOfPosition(error.start)
      : undefined;
  return `${where ? `line ${where.line + 1}: ` : ""}${ts.flattenDiagnosticMessageText(error.messageText, " ")}`;
}

/**
 * The JavaScript TypeScript emits for a file, as the project would compile it: no downlevelling,
 * imports kept as written (verbatimModuleSyntax), JSX preserved, strict mode on.
 */
export function emitJavaScript(file: string, text: string, esm: boolean): string {
  return ts.transpileModule(text, {
    fileName: file,
    compilerOptions: {
      target: ts.ScriptTarget.ESNext,
      module: esm ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS,
      jsx: ts.JsxEmit.Preserve,
      verbatimModuleSyntax: true,
      alwaysStrict: true,
      allowJs: true,
    },
  }).outputText;
}

interface ShapeNode {
  key: string;
  pos: number;
}

/**
 * A program's syntax tree flattened to node kinds and leaf values: two outputs with the same
 * shape are the same program, whatever their whitespace, comments or quote style.
 */
function shape(text: string): { nodes: ShapeNode[]; source: ts.SourceFile } {
  const source = ts.createSourceFile(
    "out.jsx",
    text,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.JSX,
  );
  const nodes: ShapeNode[] = [];
  const visit = (node: ts.Node): void => {
    let key = ts.SyntaxKind[node.kind] ?? String(node.kind);
    if (ts.isVariableDeclarationList(node))
      key += `:${node.flags & (ts.NodeFlags.Let | ts.NodeFlags.Const)}`;
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) key += `:${node.text}`;
    else if (ts.isStringLiteralLike(node) || ts.isNumericLiteral(node) || ts.isBigIntLiteral(node))
      key += `:${node.text}`;
    else if (ts.isRegularExpressionLiteral(node)) key += `:${node.text}`;
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node))
      key += `:${node.rawText ?? node.text}`;
    else if (ts.isJsxText(node)) key += `:${node.text.replace(/\s+/g, " ").trim()}`;
    nodes.push({ key, pos: node.getStart(source) });
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { nodes, source };
}

function lineAt(source: ts.SourceFile, pos: number | undefined): string {
  if (pos === undefined) return "(end)";
  const { line } = source.getLineAndCharacterOfPosition(pos);
  return source.text.split("\n")[line]?.trim() ?? "(end)";
}

/**
 * Whether a conversion left behaviour unchanged: the JavaScript emitted for the converted
 * TypeScript is the same program as the JavaScript emitted for the original.
 */
export function compareEmit(
  original: { file: string; text: string },
  converted: { file: string; text: string },
  esm: boolean,
): Equivalence {
  const before = shape(emitJavaScript(original.file, original.text, esm));
  const after = shape(emitJavaScript(converted.file, converted.text, esm));
  const length = Math.max(before.nodes.length, after.nodes.length);
  for (let i = 0; i < length; i++) {
    const a = before.nodes[i];
    const b = after.nodes[i];
    if (a?.key !== b?.key) {
      return {
        equivalent: false,
        difference: `before: ${lineAt(before.source, a?.pos)}\nafter:  ${lineAt(after.source, b?.pos)}`,
      };
    }
  }
  return { equivalent: true };
}
