import ts from "typescript";
import type { ProjectService } from "./project-service.js";
import type { TextEdit } from "./text-edits.js";

type Callable = ts.SignatureDeclaration & { body?: ts.Node };

/** Named functions, methods and constructors, with the name their callers use. */
function callables(source: ts.SourceFile): { fn: Callable; name: ts.Node }[] {
  const found: { fn: Callable; name: ts.Node }[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)) &&
      node.name &&
      node.body
    ) {
      found.push({ fn: node, name: node.name });
    } else if (ts.isConstructorDeclaration(node) && node.body && node.parent.name) {
      found.push({ fn: node, name: node.parent.name });
    } else if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      (ts.isArrowFunction(node.initializer) || ts.isFunctionExpression(node.initializer))
    ) {
      found.push({ fn: node.initializer, name: node.name });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function identifierAt(source: ts.SourceFile, position: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    if (position < node.getStart(source) || position >= node.getEnd()) return;
    if (ts.isIdentifier(node)) found = node;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** How many arguments the call that `reference` is the callee of passes, if it is one. */
function argumentCount(reference: ts.Node): number | undefined {
  let callee = reference;
  if (ts.isPropertyAccessExpression(callee.parent) && callee.parent.name === callee)
    callee = callee.parent;
  const call = callee.parent;
  if (!(ts.isCallExpression(call) || ts.isNewExpression(call)) || call.expression !== callee)
    return undefined;
  const args = call.arguments ?? [];
  return args.some(ts.isSpreadElement) ? undefined : args.length;
}

/**
 * Parameters some callers leave out become optional (`?`): JavaScript allows fewer arguments,
 * TypeScript does not. Callers are found across the whole project, JavaScript files included.
 */
export function optionalFromCalls(project: ProjectService, file: string): TextEdit[] {
  const fileName = project.abs(file);
  const program = project.program();
  const source = program.getSourceFile(fileName);
  if (!source) return [];
  const edits: TextEdit[] = [];
  for (const { fn, name } of callables(source)) {
    const trailing: ts.ParameterDeclaration[] = [];
    for (const parameter of [...fn.parameters].reverse()) {
      if (parameter.questionToken || parameter.initializer || parameter.dotDotDotToken) continue;
      if (!ts.isIdentifier(parameter.name)) break;
      trailing.unshift(parameter);
    }
    if (trailing.length === 0) continue;
    let fewest = Number.POSITIVE_INFINITY;
    const references = project.service.findReferences(fileName, name.getStart(source)) ?? [];
    for (const entry of references.flatMap((r) => r.references)) {
      if (entry.isDefinition) continue;
      const other = program.getSourceFile(entry.fileName);
      const node = other && identifierAt(other, entry.textSpan.start);
      const count = node && argumentCount(node);
      if (count !== undefined) fewest = Math.min(fewest, count);
    }
    for (const parameter of trailing) {
      if (fn.parameters.indexOf(parameter) < fewest) continue;
      edits.push({ start: parameter.name.getEnd(), end: parameter.name.getEnd(), text: "?" });
    }
  }
  return edits;
}
