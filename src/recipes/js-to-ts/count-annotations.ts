import ts from "typescript";

function isAnnotatable(node: ts.Node): node is ts.Node & { type?: ts.TypeNode } {
  return (
    ts.isParameter(node) ||
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isPropertyDeclaration(node) ||
    ts.isPropertySignature(node) ||
    ts.isVariableDeclaration(node)
  );
}

/**
 * The type annotations a TypeScript file carries: declared types of parameters, returns,
 * variables, properties and interface members, type arguments of class bases, type aliases.
 * A converted JavaScript file started with none, so this is what the conversion added.
 */
export function countAnnotations(source: ts.SourceFile): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    // What is inside a type is part of that one annotation.
    if (ts.isTypeNode(node) && !ts.isExpressionWithTypeArguments(node)) return;
    if (isAnnotatable(node) && node.type) count++;
    if (ts.isExpressionWithTypeArguments(node) && node.typeArguments) count++;
    if (ts.isTypeAliasDeclaration(node)) {
      count++;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return count;
}
