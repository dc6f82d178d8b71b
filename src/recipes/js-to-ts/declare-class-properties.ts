import ts from "typescript";
import { indentUnit } from "./format-settings.js";
import type { ProjectService } from "./project-service.js";
import type { TextEdit } from "./text-edits.js";

/** "Property 'x' does not exist on type 'C'." (2551 adds "Did you mean 'y'?") */
const MISSING_PROPERTY = new Set([2339, 2551]);

function enclosingClass(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isClassLike(current)) return current;
    // A `function` has its own `this`; an arrow function shares its class's.
    if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) return undefined;
  }
  return undefined;
}

function thisPropertyAt(
  source: ts.SourceFile,
  position: number,
): ts.PropertyAccessExpression | undefined {
  let found: ts.PropertyAccessExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (position < node.getStart(source) || position >= node.getEnd()) return;
    if (
      ts.isPropertyAccessExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ThisKeyword &&
      node.name.getStart(source) === position
    ) {
      found = node;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function assignedValue(access: ts.PropertyAccessExpression): ts.Expression | undefined {
  const parent = access.parent;
  if (
    ts.isBinaryExpression(parent) &&
    parent.left === access &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken
  ) {
    return parent.right;
  }
  return undefined;
}

function typeText(checker: ts.TypeChecker, values: ts.Expression[], scope: ts.Node): string {
  const texts = new Set<string>();
  for (const value of values) {
    const type = checker.getWidenedType(
      checker.getBaseTypeOfLiteralType(checker.getTypeAtLocation(value)),
    );
    const text = checker.typeToString(
      type,
      scope,
      ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
    );
    if (text === "any") return "any";
    // An empty array says nothing of what it will hold.
    if (text === "never[]") texts.add("any[]");
    else for (const part of text.split(" | ")) texts.add(part);
  }
  const nullish = (part: string): boolean => part === "null" || part === "undefined";
  const parts = [...[...texts].filter((p) => !nullish(p)), ...[...texts].filter(nullish)];
  // A property only ever set to null is one whose real values come from elsewhere.
  if (parts.every(nullish)) return "any";
  return parts.join(" | ");
}

/**
 * Properties a class assigns (`this.x = …`) but does not declare get a declaration typed by
 * what is assigned. They are `declare` fields: a plain field would be emitted as a class field
 * and change when the property comes to exist.
 */
export function declareClassProperties(project: ProjectService, file: string): TextEdit[] {
  const program = project.program();
  const source = program.getSourceFile(project.abs(file));
  if (!source) return [];
  const checker = program.getTypeChecker();
  const missing = new Map<ts.ClassLikeDeclaration, Map<string, ts.PropertyAccessExpression[]>>();
  for (const diagnostic of program.getSemanticDiagnostics(source)) {
    if (!MISSING_PROPERTY.has(diagnostic.code) || diagnostic.start === undefined) continue;
    const access = thisPropertyAt(source, diagnostic.start);
    const owner = access && enclosingClass(access);
    if (!access || !owner) continue;
    const byName = missing.get(owner) ?? new Map<string, ts.PropertyAccessExpression[]>();
    byName.set(access.name.text, [...(byName.get(access.name.text) ?? []), access]);
    missing.set(owner, byName);
  }
  const unit = indentUnit(source.text);
  const newLine = source.text.includes("\r\n") ? "\r\n" : "\n";
  const edits: TextEdit[] = [];
  for (const [owner, byName] of missing) {
    const declarations: string[] = [];
    for (const [name, accesses] of byName) {
      const values = accesses.map(assignedValue).filter((v): v is ts.Expression => v !== undefined);
      if (values.length === 0) continue;
      declarations.push(`declare ${name}: ${typeText(checker, values, owner)};`);
    }
    if (declarations.length === 0) continue;
    const { line } = source.getLineAndCharacterOfPosition(owner.getStart(source));
    const lineStart = source.getPositionOfLineAndCharacter(line, 0);
    const classIndent = /^[ \t]*/.exec(source.text.slice(lineStart))?.[0] ?? "";
    const open = owner.members.pos;
    edits.push({
      start: open,
      end: open,
      text: declarations.map((d) => `${newLine}${classIndent}${unit}${d}`).join(""),
    });
  }
  return edits;
}
