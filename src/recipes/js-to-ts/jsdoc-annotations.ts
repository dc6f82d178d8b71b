import ts from "typescript";
import { combinedCodeFix } from "./combined-code-fix.js";
import type { ProjectService } from "./project-service.js";
import type { TextEdit } from "./text-edits.js";

/** JSDoc types become annotations: the language service's "Annotate with type from JSDoc". */
export function annotateFromJsdoc(project: ProjectService, file: string): TextEdit[] {
  return combinedCodeFix(project, file, "annotateWithTypeFromJSDoc");
}

function optionalInJsdoc(parameter: ts.ParameterDeclaration): boolean {
  return ts
    .getJSDocParameterTags(parameter)
    .some(
      (tag) =>
        tag.isBracketed ||
        (tag.typeExpression !== undefined && ts.isJSDocOptionalType(tag.typeExpression.type)),
    );
}

/**
 * Parameters JSDoc calls optional (`[name]`, `{T=}`) get their `?`, which the language
 * service's fix leaves out; only where TypeScript allows it (no required parameter after).
 */
export function optionalParametersFromJsdoc(source: ts.SourceFile): TextEdit[] {
  const edits: TextEdit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) {
      let laterRequired = false;
      for (const parameter of [...node.parameters].reverse()) {
        const optional =
          parameter.questionToken || parameter.initializer || parameter.dotDotDotToken;
        if (optional) continue;
        if (!laterRequired && ts.isIdentifier(parameter.name) && optionalInJsdoc(parameter)) {
          edits.push({ start: parameter.name.getEnd(), end: parameter.name.getEnd(), text: "?" });
          continue;
        }
        laterRequired = true;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edits;
}
