import ts from "typescript";
import { formatSettingsFor } from "./format-settings.js";
import { editsForModuleKind } from "./inline-type-imports.js";
import type { ProjectService } from "./project-service.js";
import { SERVICE_PREFERENCES } from "./service-preferences.js";
import { editsFor, type TextEdit } from "./text-edits.js";

/** The implicit-any errors the language service's "Infer type from usage" answers. */
const IMPLICIT_ANY = new Set([7005, 7006, 7008, 7010, 7019, 7022, 7023, 7024, 7031, 7034]);

function nodeAt(source: ts.SourceFile, position: number): ts.Node {
  let found: ts.Node = source;
  const visit = (node: ts.Node): void => {
    if (position >= node.getStart(source) && position < node.getEnd()) {
      found = node;
      ts.forEachChild(node, visit);
    }
  };
  ts.forEachChild(source, visit);
  return found;
}

/**
 * A parameter of a function passed as an argument gets its type from the callee once the
 * callee is typed; annotating it from its own usage would guess worse.
 */
function isCallbackParameter(node: ts.Node): boolean {
  const parameter = ts.findAncestor(node, ts.isParameter);
  const fn = parameter?.parent;
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn))) return false;
  let outer: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(outer)) outer = outer.parent;
  return ts.isCallExpression(outer) || ts.isNewExpression(outer) || ts.isJsxExpression(outer);
}

/**
 * Types for declarations that would be implicitly `any`, inferred from how the project uses
 * them: the language service's "Infer type from usage", one error at a time. Callbacks are
 * left to the types of what they are passed to until `callbacks` is set: by then, those still
 * untyped are passed to untyped code, and their own usage is all there is to go by.
 */
export function inferFromUsage(
  project: ProjectService,
  file: string,
  callbacks = false,
): TextEdit[] {
  const fileName = project.abs(file);
  const program = project.program();
  const source = program.getSourceFile(fileName);
  if (!source) return [];
  const settings = formatSettingsFor(source.text);
  const edits: TextEdit[] = [];
  const same = (a: TextEdit, b: TextEdit): boolean =>
    a.start === b.start && a.end === b.end && a.text === b.text;
  // Edits meet when they overlap, or insert at the same place.
  const meet = (a: TextEdit, b: TextEdit): boolean => a.start <= b.end && b.start <= a.end;
  for (const d of program.getSemanticDiagnostics(source)) {
    if (!IMPLICIT_ANY.has(d.code) || d.start === undefined || d.length === undefined) continue;
    if (!callbacks && isCallbackParameter(nodeAt(source, d.start))) continue;
    const fix = project.service
      .getCodeFixesAtPosition(
        fileName,
        d.start,
        d.start + d.length,
        [d.code],
        settings,
        SERVICE_PREFERENCES,
      )
      .find((f) => f.fixName === "inferFromUsage");
    const found = editsForModuleKind(source, editsFor(fix?.changes ?? [], fileName));
    if (!found) continue;
    // Several errors of one function get the same fix (it types all its parameters).
    if (found.every((e) => edits.some((taken) => same(e, taken)))) continue;
    if (found.some((e) => edits.some((taken) => meet(e, taken)))) continue;
    edits.push(...found);
  }
  return edits;
}
