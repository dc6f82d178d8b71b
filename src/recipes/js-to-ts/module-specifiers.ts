import ts from "typescript";

/** The string literals of a file that name modules: imports, exports, require() and import(). */
export function moduleSpecifiers(source: ts.SourceFile): ts.StringLiteralLike[] {
  const found: ts.StringLiteralLike[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteralLike(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteralLike(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.arguments.length === 1) {
      const [arg] = node.arguments;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      if (arg && ts.isStringLiteralLike(arg) && (isRequire || isImport)) found.push(arg);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
