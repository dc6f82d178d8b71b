import ts from "typescript";

const f = ts.factory;

const PRIMITIVE_WRAPPERS: Record<string, ts.KeywordTypeSyntaxKind> = {
  String: ts.SyntaxKind.StringKeyword,
  Number: ts.SyntaxKind.NumberKeyword,
  Boolean: ts.SyntaxKind.BooleanKeyword,
  Symbol: ts.SyntaxKind.SymbolKeyword,
  BigInt: ts.SyntaxKind.BigIntKeyword,
  Object: ts.SyntaxKind.AnyKeyword,
};

function parameters(node: ts.JSDocFunctionType, visit: (n: ts.TypeNode) => ts.TypeNode) {
  return node.parameters.map((p, i) => {
    const isThis = p.name && ts.isIdentifier(p.name) && p.name.text === "this";
    const type = p.type ? visit(p.type) : f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword);
    const rest = p.type && ts.isJSDocVariadicType(p.type);
    return f.createParameterDeclaration(
      undefined,
      rest ? f.createToken(ts.SyntaxKind.DotDotDotToken) : undefined,
      isThis ? "this" : `arg${i}`,
      undefined,
      type,
    );
  });
}

/** Rewrites JSDoc-only type syntax (`*`, `?T`, `Array.<T>`, `function(string): number`) as TypeScript. */
function toTypeScript(node: ts.TypeNode): ts.TypeNode {
  const visit = (n: ts.TypeNode): ts.TypeNode => toTypeScript(n);
  if (ts.isJSDocAllType(node)) return f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword);
  if (ts.isJSDocUnknownType(node)) return f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
  if (ts.isJSDocNullableType(node))
    return f.createUnionTypeNode([visit(node.type), f.createLiteralTypeNode(f.createNull())]);
  if (ts.isJSDocNonNullableType(node)) return visit(node.type);
  if (ts.isJSDocOptionalType(node))
    return f.createUnionTypeNode([
      visit(node.type),
      f.createKeywordTypeNode(ts.SyntaxKind.UndefinedKeyword),
    ]);
  if (ts.isJSDocVariadicType(node)) return f.createArrayTypeNode(visit(node.type));
  if (ts.isJSDocFunctionType(node)) {
    return f.createFunctionTypeNode(
      undefined,
      parameters(node, visit),
      node.type ? visit(node.type) : f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword),
    );
  }
  if (ts.isJSDocTypeLiteral(node)) return typeLiteral(node.jsDocPropertyTags ?? []);
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
    const name = node.typeName.text;
    const args = node.typeArguments?.map(visit) ?? [];
    if (name === "Object" && args.length === 2) {
      return f.createTypeReferenceNode("Record", args);
    }
    if (name === "Array" && args.length === 1 && args[0]) return f.createArrayTypeNode(args[0]);
    const primitive = PRIMITIVE_WRAPPERS[name];
    if (primitive && args.length === 0) return f.createKeywordTypeNode(primitive);
    return f.createTypeReferenceNode(node.typeName, args.length ? args : undefined);
  }
  return ts.visitEachChild(
    node,
    (child) => (ts.isTypeNode(child) ? visit(child) : child),
    undefined,
  );
}

function typeLiteral(tags: readonly ts.JSDocPropertyLikeTag[]): ts.TypeLiteralNode {
  return f.createTypeLiteralNode(
    tags.map((tag) => {
      const type = tag.typeExpression?.type;
      const optional = tag.isBracketed || (type !== undefined && ts.isJSDocOptionalType(type));
      const bare = type && ts.isJSDocOptionalType(type) ? type.type : type;
      return f.createPropertySignature(
        undefined,
        ts.isIdentifier(tag.name) ? tag.name.text : tag.name.right.text,
        optional ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined,
        bare ? toTypeScript(bare) : f.createKeywordTypeNode(ts.SyntaxKind.AnyKeyword),
      );
    }),
  );
}

const printer = ts.createPrinter({ removeComments: true });

function print(node: ts.Node, source: ts.SourceFile): string {
  return printer.printNode(ts.EmitHint.Unspecified, node, source);
}

/** The TypeScript text of a JSDoc type expression. */
export function jsdocTypeText(type: ts.TypeNode, source: ts.SourceFile): string {
  return print(toTypeScript(type), source);
}

/** The TypeScript declaration of a `@typedef` (or `@callback`), without `export`. */
export function typedefDeclaration(
  tag: ts.JSDocTypedefTag | ts.JSDocCallbackTag,
  source: ts.SourceFile,
  indent: string,
): string | undefined {
  const name = tag.name && ts.isIdentifier(tag.name) ? tag.name.text : undefined;
  if (!name) return undefined;
  if (ts.isJSDocCallbackTag(tag)) {
    const params = tag.typeExpression.parameters.map((p) =>
      f.createParameterDeclaration(
        undefined,
        undefined,
        ts.isIdentifier(p.name) ? p.name.text : p.name.right.text,
        p.isBracketed ? f.createToken(ts.SyntaxKind.QuestionToken) : undefined,
        p.typeExpression ? toTypeScript(p.typeExpression.type) : undefined,
      ),
    );
    const returns = tag.typeExpression.type?.typeExpression?.type;
    const fn = f.createFunctionTypeNode(
      undefined,
      params,
      returns ? toTypeScript(returns) : f.createKeywordTypeNode(ts.SyntaxKind.VoidKeyword),
    );
    return `type ${name} = ${print(fn, source)};`;
  }
  const expression = tag.typeExpression;
  if (!expression) return undefined;
  if (ts.isJSDocTypeLiteral(expression)) {
    const literal = typeLiteral(expression.jsDocPropertyTags ?? []);
    const members = literal.members.map((m) => `${indent}${print(m, source)}`).join("\n");
    return `interface ${name} {\n${members}\n}`;
  }
  return `type ${name} = ${jsdocTypeText(expression.type, source)};`;
}
