import ts from "typescript";
import type { TextEdit } from "./text-edits.js";

export interface CommonJsRewrite {
  /** Edits to the TypeScript file. */
  edits: TextEdit[];
  /**
   * Edits to the original that give the JavaScript the TypeScript must emit: `import x =
   * require()` emits `const`, where the original may have said `var` or `let`.
   */
  baseline: TextEdit[];
}

function isPropertyName(node: ts.Identifier): boolean {
  const parent = node.parent;
  return (
    (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
    (ts.isPropertyAssignment(parent) && parent.name === node) ||
    (ts.isMethodDeclaration(parent) && parent.name === node) ||
    (ts.isPropertyDeclaration(parent) && parent.name === node)
  );
}

function isWrite(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isBinaryExpression(parent) && parent.left === node) {
    return (
      parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    );
  }
  if (
    (ts.isPrefixUnaryExpression(parent) || ts.isPostfixUnaryExpression(parent)) &&
    parent.operand === node
  ) {
    return (
      parent.operator === ts.SyntaxKind.PlusPlusToken ||
      parent.operator === ts.SyntaxKind.MinusMinusToken
    );
  }
  return (
    (ts.isVariableDeclaration(parent) && parent.name === node) ||
    (ts.isParameter(parent) && parent.name === node) ||
    (ts.isFunctionDeclaration(parent) && parent.name === node) ||
    (ts.isClassDeclaration(parent) && parent.name === node) ||
    ts.isBindingElement(parent) ||
    ts.isShorthandPropertyAssignment(parent)
  );
}

function identifiers(source: ts.SourceFile): ts.Identifier[] {
  const found: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && !isPropertyName(node)) found.push(node);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function requiredModule(node: ts.Expression | undefined): ts.StringLiteral | undefined {
  if (!node || !ts.isCallExpression(node) || node.arguments.length !== 1) return undefined;
  const [arg] = node.arguments;
  const callee = node.expression;
  if (!ts.isIdentifier(callee) || callee.text !== "require") return undefined;
  return arg && ts.isStringLiteral(arg) ? arg : undefined;
}

function isModuleExports(node: ts.Node): boolean {
  return (
    ts.isPropertyAccessExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === "module" &&
    node.name.text === "exports"
  );
}

/**
 * CommonJS in TypeScript's own syntax, which emits the same JavaScript and gives the module
 * types: a sole `module.exports = value` that ends the file becomes `export = value`, and then
 * each top-level `const x = require("m")` whose binding is never written becomes
 * `import x = require("m")`.
 */
export function commonJsToTypeScript(source: ts.SourceFile): CommonJsRewrite {
  const names = identifiers(source);
  const exportsUses = names.filter(
    (n) => n.text === "exports" || (n.text === "module" && isModuleExports(n.parent)),
  );
  const assignments = source.statements.flatMap((s) =>
    ts.isExpressionStatement(s) &&
    ts.isBinaryExpression(s.expression) &&
    s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    isModuleExports(s.expression.left)
      ? [s.expression]
      : [],
  );
  const [assignment] = assignments;
  // TypeScript emits `export =` after every other statement: where the assignment is last
  // already, that changes nothing.
  const last = [...source.statements].reverse().find((s) => !ts.isEmptyStatement(s));
  const isLast =
    assignment !== undefined && last !== undefined && last.getEnd() === assignment.parent.getEnd();
  // Without `export =`, a TypeScript module that imports emits an `__esModule` marker, which
  // changes how other modules import it: so the requires only change along with the export.
  if (!assignment || assignments.length !== 1 || exportsUses.length !== 1 || !isLast) {
    return { edits: [], baseline: [] };
  }
  const edits: TextEdit[] = [
    {
      start: assignment.getStart(source),
      end: assignment.right.getStart(source),
      text: "export = ",
    },
  ];
  const baseline: TextEdit[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement) || statement.modifiers?.length) continue;
    const list = statement.declarationList;
    const [declaration] = list.declarations;
    if (list.declarations.length !== 1 || !declaration || !ts.isIdentifier(declaration.name))
      continue;
    if (!requiredModule(declaration.initializer) || !declaration.initializer) continue;
    const name = declaration.name;
    const uses = names.filter((n) => n !== name && n.text === name.text);
    const isConst = (list.flags & ts.NodeFlags.Const) !== 0;
    // `import x = require()` emits `const x`: a `var` or `let` must not be used before it.
    const safe =
      uses.length > 0 &&
      uses.every((n) => !isWrite(n) && (isConst || n.getStart(source) > statement.getEnd()));
    if (!safe) continue;
    const start = statement.getStart(source);
    edits.push({
      start,
      end: declaration.initializer.getStart(source),
      text: `import ${name.text} = `,
    });
    if (!isConst) {
      const keyword = list.flags & ts.NodeFlags.Let ? "let" : "var";
      baseline.push({ start, end: start + keyword.length, text: "const" });
    }
  }
  return { edits, baseline };
}
