import ts from "typescript";
import type { TextEdit } from "./text-edits.js";

/** A JSON value as tsconfig.json writes it; an object is a list of entries, in order. */
export type JsonValue = string | boolean | number | string[] | JsonEntry[];
export type JsonEntry = [name: string, value: string | boolean | number, comment?: string];

function isEntries(value: JsonValue): value is JsonEntry[] {
  return Array.isArray(value) && value.some((v) => Array.isArray(v));
}

function literal(value: JsonValue, indent: string): string {
  if (isEntries(value)) {
    const lines = value.map(
      ([name, v, comment]) =>
        `${indent}  ${JSON.stringify(name)}: ${JSON.stringify(v)},${comment ? ` // ${comment}` : ""}`,
    );
    return `{\n${lines.join("\n")}\n${indent}}`;
  }
  return Array.isArray(value)
    ? `[${value.map((v) => JSON.stringify(v)).join(", ")}]`
    : JSON.stringify(value);
}

function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  return ts.isPropertyAssignment(p) && (ts.isStringLiteral(p.name) || ts.isIdentifier(p.name))
    ? p.name.text
    : undefined;
}

function property(
  object: ts.ObjectLiteralExpression,
  name: string,
): ts.PropertyAssignment | undefined {
  return object.properties.find((p): p is ts.PropertyAssignment => propertyName(p) === name);
}

function lineIndent(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

/**
 * tsconfig.json as a tree whose edits keep everything else of the text: comments, trailing
 * commas, order and layout.
 */
export class JsoncDocument {
  readonly text: string;
  private readonly source: ts.JsonSourceFile;

  constructor(text: string) {
    this.text = text;
    this.source = ts.parseJsonText("tsconfig.json", text);
  }

  /** The first syntax error, with its line, for a message. */
  error(): string | undefined {
    const { error } = ts.parseConfigFileTextToJson("tsconfig.json", this.text);
    if (!error) return undefined;
    const { line } = this.source.getLineAndCharacterOfPosition(error.start ?? 0);
    return `line ${line + 1}: ${ts.flattenDiagnosticMessageText(error.messageText, " ")}`;
  }

  root(): ts.ObjectLiteralExpression | undefined {
    const expression = this.source.statements[0]?.expression;
    return expression && ts.isObjectLiteralExpression(expression) ? expression : undefined;
  }

  /** The object at `key` of the root, e.g. compilerOptions. */
  object(key: string): ts.ObjectLiteralExpression | undefined {
    const root = this.root();
    const init = root && property(root, key)?.initializer;
    return init && ts.isObjectLiteralExpression(init) ? init : undefined;
  }

  value(objectKey: string | undefined, name: string): unknown {
    const object = objectKey ? this.object(objectKey) : this.root();
    const init = object && property(object, name)?.initializer;
    if (!init) return undefined;
    return ts.convertToObject(ts.parseJsonText("value.json", init.getText(this.source)), []);
  }

  /**
   * Sets `name` in an object: replaces the value where it is, or adds the property as the
   * object's first, where no trailing comma or comment of the last property is in the way.
   */
  set(
    object: ts.ObjectLiteralExpression,
    name: string,
    value: JsonValue,
    comment?: string,
  ): TextEdit {
    const existing = property(object, name);
    if (existing) {
      const start = existing.initializer.getStart(this.source);
      return {
        start,
        end: existing.initializer.getEnd(),
        text: literal(value, lineIndent(this.text, start)),
      };
    }
    const note = comment ? ` // ${comment}` : "";
    const first = object.properties[0];
    if (first) {
      const start = first.getStart(this.source);
      const indent = lineIndent(this.text, start);
      return {
        start,
        end: start,
        text: `${JSON.stringify(name)}: ${literal(value, indent)},${note}\n${indent}`,
      };
    }
    const outer = lineIndent(this.text, object.getStart(this.source));
    const indent = `${outer}  `;
    return {
      start: object.getStart(this.source) + 1,
      end: object.getEnd() - 1,
      text: `\n${indent}${JSON.stringify(name)}: ${literal(value, indent)}${note}\n${outer}`,
    };
  }

  /** Adds strings to an array property, creating it (after `defaults`) when it is missing. */
  append(
    object: ts.ObjectLiteralExpression,
    name: string,
    values: string[],
    defaults: string[] = [],
  ): TextEdit {
    const init = property(object, name)?.initializer;
    if (!init || !ts.isArrayLiteralExpression(init))
      return this.set(object, name, [...defaults, ...values]);
    const added = values.map((v) => JSON.stringify(v)).join(", ");
    const last = init.elements[init.elements.length - 1];
    if (!last)
      return { start: init.getStart(this.source) + 1, end: init.getEnd() - 1, text: added };
    return { start: last.getEnd(), end: last.getEnd(), text: `, ${added}` };
  }

  /** Removes a property with its line when it stands on a line of its own. */
  remove(object: ts.ObjectLiteralExpression, name: string): TextEdit | undefined {
    const existing = property(object, name);
    if (!existing) return undefined;
    const start = existing.getStart(this.source);
    const lineStart = this.text.lastIndexOf("\n", start - 1) + 1;
    const lineEnd = this.text.indexOf("\n", existing.getEnd());
    const before = this.text.slice(lineStart, start);
    const after = this.text.slice(existing.getEnd(), lineEnd === -1 ? undefined : lineEnd);
    if (/^\s*$/.test(before) && /^\s*,?\s*(\/\/.*)?$/.test(after) && lineEnd !== -1) {
      return { start: lineStart, end: lineEnd + 1, text: "" };
    }
    return {
      start: existing.getStart(this.source),
      end: existing.getEnd(),
      text: `${JSON.stringify(name)}: false`,
    };
  }
}
