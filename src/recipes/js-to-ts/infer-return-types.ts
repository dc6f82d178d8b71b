import ts from "typescript";
import { formatSettingsFor } from "./format-settings.js";
import { editsForModuleKind } from "./inline-type-imports.js";
import type { ProjectService } from "./project-service.js";
import { SERVICE_PREFERENCES } from "./service-preferences.js";
import { editsFor, type TextEdit } from "./text-edits.js";

const REFACTOR = "Infer function return type";
const LONGEST = 100;

function namedFunctions(source: ts.SourceFile): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isGetAccessorDeclaration(node)) &&
      node.name &&
      node.body &&
      !node.type
    ) {
      found.push(node.name);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * Return types for named functions and methods, as the checker infers them: the language
 * service's "Infer function return type". Types that say nothing (`any`) or that only an
 * import type can name are left to inference.
 */
export function inferReturnTypes(project: ProjectService, file: string): TextEdit[] {
  const fileName = project.abs(file);
  const source = project.program().getSourceFile(fileName);
  if (!source) return [];
  const settings = formatSettingsFor(source.text);
  const edits: TextEdit[] = [];
  for (const name of namedFunctions(source)) {
    const position = name.getStart(source);
    const applicable = project.service
      .getApplicableRefactors(fileName, position, SERVICE_PREFERENCES)
      .find((r) => r.name === REFACTOR);
    const action = applicable?.actions[0];
    if (!action || action.notApplicableReason) continue;
    const result = project.service.getEditsForRefactor(
      fileName,
      settings,
      position,
      REFACTOR,
      action.name,
      SERVICE_PREFERENCES,
    );
    const found = editsForModuleKind(source, editsFor(result?.edits ?? [], fileName));
    if (!found) continue;
    const text = found.map((e) => e.text).join("");
    if (/\bany\b|import\(/.test(text) || text.length > LONGEST) continue;
    edits.push(...found);
  }
  return edits;
}
