import ts from "typescript";

export interface Suppression {
  /** The line of the comment once every comment of the plan is in. */
  line: number;
  code: number;
  message: string;
}

export interface ExpectErrorPlan {
  /** One insertion per line, bottom to top order does not matter: they are line starts. */
  inserts: { position: number; text: string }[];
  suppressed: Suppression[];
  /** Errors on lines where no comment can go (inside a multi-line string or template). */
  unsuppressible: Suppression[];
}

const LONGEST_MESSAGE = 110;
/** What starts each comment armada writes, so that it can find them again. */
export const EXPECT_ERROR_MARK = "@ts-expect-error armada:";

/** The innermost node whose full text, leading whitespace and comments included, holds `position`. */
function innermostAt(source: ts.SourceFile, position: number): ts.Node {
  let found: ts.Node = source;
  const visit = (node: ts.Node): void => {
    if (position >= node.pos && position < node.end) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(source, visit);
  return found;
}

type Context = "code" | "jsx-children" | "inside-literal";

/** What kind of text a line break at `position` sits in, so a comment line can go there. */
function contextAt(source: ts.SourceFile, position: number): Context {
  const node = innermostAt(source, position);
  if (
    (ts.isTemplateLiteralToken(node) || ts.isStringLiteral(node)) &&
    position > node.getStart(source)
  ) {
    return "inside-literal";
  }
  for (let current: ts.Node | undefined = node; current; current = current.parent) {
    if (ts.isJsxText(current)) return "jsx-children";
    const opensInside =
      ts.isJsxExpression(current) ||
      ts.isJsxOpeningElement(current) ||
      ts.isJsxSelfClosingElement(current);
    // Inside `{…}` it is code; inside a tag, between attributes, comments are allowed too.
    if (opensInside && position > current.getStart(source)) return "code";
    const parent: ts.Node | undefined = current.parent;
    if (parent && (ts.isJsxElement(parent) || ts.isJsxFragment(parent))) {
      return parent.children.some((c) => c === current) ? "jsx-children" : "code";
    }
  }
  return "code";
}

function oneLine(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ").replace(/\s+/g, " ");
  return text.length > LONGEST_MESSAGE ? `${text.slice(0, LONGEST_MESSAGE - 1)}…` : text;
}

/**
 * A `// @ts-expect-error` line above every line of a file that has a type error, saying which
 * error it expects; inside JSX children it is a `{/* … *\/}` comment, which renders nothing.
 */
export function planExpectErrors(
  source: ts.SourceFile,
  diagnostics: readonly ts.Diagnostic[],
): ExpectErrorPlan {
  const plan: ExpectErrorPlan = { inserts: [], suppressed: [], unsuppressible: [] };
  const byLine = new Map<number, ts.Diagnostic>();
  for (const d of diagnostics) {
    if (d.start === undefined) continue;
    const { line } = source.getLineAndCharacterOfPosition(d.start);
    if (!byLine.has(line)) byLine.set(line, d);
  }
  const newLine = source.text.includes("\r\n") ? "\r\n" : "\n";
  for (const [line, diagnostic] of [...byLine].sort((a, b) => a[0] - b[0])) {
    const lineStart = source.getPositionOfLineAndCharacter(line, 0);
    const indent = /^[ \t]*/.exec(source.text.slice(lineStart))?.[0] ?? "";
    const entry = {
      line: line + 1 + plan.inserts.length,
      code: diagnostic.code,
      message: oneLine(diagnostic),
    };
    const context = contextAt(source, lineStart);
    if (context === "inside-literal") {
      plan.unsuppressible.push(entry);
      continue;
    }
    const note = `${EXPECT_ERROR_MARK} TS${entry.code} ${entry.message}`;
    const comment =
      context === "jsx-children" ? `{/* ${note.replaceAll("*/", "* /")} */}` : `// ${note}`;
    plan.inserts.push({ position: lineStart, text: `${indent}${comment}${newLine}` });
    plan.suppressed.push(entry);
  }
  return plan;
}
