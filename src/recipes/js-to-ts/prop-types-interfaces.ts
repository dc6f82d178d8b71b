import ts from "typescript";
import { indentUnit } from "./format-settings.js";
import type { TextEdit } from "./text-edits.js";

type Component = ts.FunctionDeclaration | ts.ClassDeclaration | ts.VariableStatement;

interface Context {
  source: ts.SourceFile;
  /** Local names of the prop-types module. */
  propTypes: Set<string>;
  /** How to name one of React's types, or undefined when React's types are not installed. */
  reactType: ((name: string) => string) | undefined;
}

const SIMPLE: Record<string, string> = {
  any: "any",
  array: "unknown[]",
  bool: "boolean",
  func: "(...args: any[]) => any",
  number: "number",
  object: "object",
  string: "string",
  symbol: "symbol",
  bigint: "bigint",
};

const REACT: Record<string, string> = {
  node: "ReactNode",
  element: "ReactElement",
  elementType: "ElementType",
};

/** The validator's name when `node` is `PropTypes.name` (or `React.PropTypes.name`). */
function validatorName(node: ts.Expression, ctx: Context): string | undefined {
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const owner = node.expression;
  const isModule =
    (ts.isIdentifier(owner) && ctx.propTypes.has(owner.text)) ||
    (ts.isPropertyAccessExpression(owner) && owner.name.text === "PropTypes");
  return isModule ? node.name.text : undefined;
}

function stripRequired(node: ts.Expression): { node: ts.Expression; required: boolean } {
  if (ts.isPropertyAccessExpression(node) && node.name.text === "isRequired") {
    return { node: node.expression, required: true };
  }
  return { node, required: false };
}

function parenthesised(type: string): string {
  return /[|&>]|=>/.test(type) && !type.startsWith("{") ? `(${type})` : type;
}

function literalType(node: ts.Expression, source: ts.SourceFile): string | undefined {
  if (
    ts.isStringLiteral(node) ||
    ts.isNumericLiteral(node) ||
    node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword ||
    node.kind === ts.SyntaxKind.NullKeyword
  ) {
    return node.getText(source);
  }
  return undefined;
}

function shapeType(literal: ts.ObjectLiteralExpression, ctx: Context, indent: string): string {
  const members = memberLines(literal, ctx, indent);
  return members ? `{ ${members.map((m) => m.trim()).join(" ")} }` : "object";
}

function typeOf(expression: ts.Expression, ctx: Context, indent: string): string {
  const { node } = stripRequired(expression);
  const simple = validatorName(node, ctx);
  if (simple) {
    const react = REACT[simple];
    if (react) return ctx.reactType ? ctx.reactType(react) : "any";
    return SIMPLE[simple] ?? "unknown";
  }
  if (!ts.isCallExpression(node)) return "unknown";
  const name = validatorName(node.expression, ctx);
  const [arg] = node.arguments;
  if (!name || !arg) return "unknown";
  switch (name) {
    case "arrayOf":
      return `${parenthesised(typeOf(arg, ctx, indent))}[]`;
    case "objectOf":
      return `Record<string, ${typeOf(arg, ctx, indent)}>`;
    case "instanceOf":
      return ts.isIdentifier(arg) || ts.isPropertyAccessExpression(arg)
        ? arg.getText(ctx.source)
        : "unknown";
    case "oneOf": {
      if (!ts.isArrayLiteralExpression(arg)) return "unknown";
      const literals = arg.elements.map((e) => literalType(e, ctx.source));
      return literals.every((l) => l !== undefined) && literals.length
        ? literals.join(" | ")
        : "unknown";
    }
    case "oneOfType":
      return ts.isArrayLiteralExpression(arg) && arg.elements.length
        ? arg.elements.map((e) => typeOf(e, ctx, indent)).join(" | ")
        : "unknown";
    case "shape":
    case "exact":
      return ts.isObjectLiteralExpression(arg) ? shapeType(arg, ctx, indent) : "object";
    default:
      return "unknown";
  }
}

/** One `name?: type;` per validator, or undefined when the object is not a plain literal. */
function memberLines(
  literal: ts.ObjectLiteralExpression,
  ctx: Context,
  indent: string,
): string[] | undefined {
  const lines: string[] = [];
  for (const property of literal.properties) {
    if (!ts.isPropertyAssignment(property)) return undefined;
    const key = property.name;
    const name =
      ts.isIdentifier(key) || ts.isStringLiteral(key) ? key.getText(ctx.source) : undefined;
    if (!name) return undefined;
    const { required } = stripRequired(property.initializer);
    lines.push(
      `${indent}${name}${required ? "" : "?"}: ${typeOf(property.initializer, ctx, indent)};`,
    );
  }
  return lines;
}

function componentNamed(source: ts.SourceFile, name: string): Component | undefined {
  for (const statement of source.statements) {
    if (
      (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
      statement.name?.text === name
    )
      return statement;
    if (ts.isVariableStatement(statement)) {
      const declaration = statement.declarationList.declarations.find(
        (d) => ts.isIdentifier(d.name) && d.name.text === name,
      );
      const init = declaration?.initializer;
      if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return statement;
    }
  }
  return undefined;
}

function functionOf(component: Component): ts.FunctionLikeDeclaration | undefined {
  if (ts.isFunctionDeclaration(component)) return component;
  if (ts.isVariableStatement(component)) {
    const init = component.declarationList.declarations[0]?.initializer;
    if (init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
  }
  return undefined;
}

/** Edits that give the component's props parameter (or class) the interface's type. */
function annotate(component: Component, interfaceName: string, source: ts.SourceFile): TextEdit[] {
  if (ts.isClassDeclaration(component)) {
    const base = component.heritageClauses?.[0]?.types[0];
    if (!base || base.typeArguments || !/Component$/.test(base.expression.getText(source)))
      return [];
    return [
      {
        start: base.expression.getEnd(),
        end: base.expression.getEnd(),
        text: `<${interfaceName}>`,
      },
    ];
  }
  const fn = functionOf(component);
  const [props] = fn?.parameters ?? [];
  if (!fn || !props || props.type) return [];
  const end = props.name.getEnd();
  const bare = ts.isArrowFunction(fn) && source.text[props.getStart(source) - 1] !== "(";
  if (bare) {
    return [
      { start: props.getStart(source), end: props.getStart(source), text: "(" },
      { start: end, end, text: `: ${interfaceName})` },
    ];
  }
  return [{ start: end, end, text: `: ${interfaceName}` }];
}

function isExported(component: Component): boolean {
  return (ts.getModifiers(component) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

interface PropTypesDefinition {
  component: string;
  literal: ts.ObjectLiteralExpression;
}

function definitions(source: ts.SourceFile): PropTypesDefinition[] {
  const found: PropTypesDefinition[] = [];
  for (const statement of source.statements) {
    if (
      ts.isExpressionStatement(statement) &&
      ts.isBinaryExpression(statement.expression) &&
      statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(statement.expression.left) &&
      statement.expression.left.name.text === "propTypes" &&
      ts.isIdentifier(statement.expression.left.expression) &&
      ts.isObjectLiteralExpression(statement.expression.right)
    ) {
      found.push({
        component: statement.expression.left.expression.text,
        literal: statement.expression.right,
      });
    }
    if (ts.isClassDeclaration(statement) && statement.name) {
      for (const member of statement.members) {
        const isStatic =
          ts.canHaveModifiers(member) &&
          (ts.getModifiers(member) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
        if (
          ts.isPropertyDeclaration(member) &&
          isStatic &&
          ts.isIdentifier(member.name) &&
          member.name.text === "propTypes" &&
          member.initializer &&
          ts.isObjectLiteralExpression(member.initializer)
        ) {
          found.push({ component: statement.name.text, literal: member.initializer });
        }
      }
    }
  }
  return found;
}

function propTypesNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.moduleSpecifier.text !== "prop-types") continue;
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings))
        names.add(clause.namedBindings.name.text);
    }
    if (ts.isImportEqualsDeclaration(statement)) {
      const ref = statement.moduleReference;
      if (
        ts.isExternalModuleReference(ref) &&
        ts.isStringLiteral(ref.expression) &&
        ref.expression.text === "prop-types"
      )
        names.add(statement.name.text);
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer;
        if (
          ts.isIdentifier(d.name) &&
          init &&
          ts.isCallExpression(init) &&
          init.expression.getText(source) === "require" &&
          init.arguments[0] &&
          ts.isStringLiteral(init.arguments[0]) &&
          init.arguments[0].text === "prop-types"
        )
          names.add(d.name.text);
      }
    }
  }
  return names;
}

/** The local name React's default or namespace import has, if the file has one. */
function reactNamespace(source: ts.SourceFile): string | undefined {
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier))
      continue;
    if (statement.moduleSpecifier.text !== "react") continue;
    const clause = statement.importClause;
    if (clause?.name) return clause.name.text;
    if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings))
      return clause.namedBindings.name.text;
  }
  return undefined;
}

/**
 * React components that declare `propTypes` get a props interface built from the validators,
 * and their props parameter (or `Component<…>` base) is typed with it. The propTypes stay: they
 * still check props at run time. Without React's types installed, React's own types (node,
 * element) become `any`.
 */
export function propTypesToInterfaces(source: ts.SourceFile, reactTypes: boolean): TextEdit[] {
  const namespace = reactNamespace(source);
  const typeImports = new Set<string>();
  const ctx: Context = {
    source,
    propTypes: propTypesNames(source),
    reactType: reactTypes
      ? (name) => {
          if (namespace) return `${namespace}.${name}`;
          typeImports.add(name);
          return name;
        }
      : undefined,
  };
  const unit = indentUnit(source.text);
  const newLine = source.text.includes("\r\n") ? "\r\n" : "\n";
  const declared = new Set(
    source.statements.flatMap((s) =>
      (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s) || ts.isClassDeclaration(s)) &&
      s.name
        ? [s.name.text]
        : [],
    ),
  );
  const edits: TextEdit[] = [];
  for (const { component: name, literal } of definitions(source)) {
    const component = componentNamed(source, name);
    const members = memberLines(literal, ctx, unit);
    if (!component || !members) continue;
    let interfaceName = `${name}Props`;
    if (declared.has(interfaceName)) interfaceName = `${name}PropTypes`;
    if (declared.has(interfaceName)) continue;
    declared.add(interfaceName);
    const annotations = annotate(component, interfaceName, source);
    if (annotations.length === 0) continue;
    const exported = isExported(component) ? "export " : "";
    const start = component.getStart(source, true);
    edits.push({
      start,
      end: start,
      text: `${exported}interface ${interfaceName} {${newLine}${members.join(newLine)}${newLine}}${newLine}${newLine}`,
    });
    edits.push(...annotations);
  }
  if (typeImports.size > 0) {
    const lastImport = [...source.statements].reverse().find(ts.isImportDeclaration);
    const at = lastImport ? lastImport.getEnd() : 0;
    const line = `import type { ${[...typeImports].sort().join(", ")} } from "react";`;
    edits.push({
      start: at,
      end: at,
      text: lastImport ? `${newLine}${line}` : `${line}${newLine}`,
    });
  }
  return edits;
}
