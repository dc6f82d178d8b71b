import { formatSettingsFor } from "./format-settings.js";
import { editsForModuleKind } from "./inline-type-imports.js";
import type { ProjectService } from "./project-service.js";
import { SERVICE_PREFERENCES } from "./service-preferences.js";
import { editsFor, type TextEdit } from "./text-edits.js";

/**
 * One of the language service's own fixes, applied to every place in a file it fixes (the
 * "Fix all in file" of an editor). Only edits to the file itself are kept: other files belong
 * to other tasks.
 */
export function combinedCodeFix(project: ProjectService, file: string, fixId: string): TextEdit[] {
  const fileName = project.abs(file);
  const { changes } = project.service.getCombinedCodeFix(
    { type: "file", fileName },
    fixId,
    formatSettingsFor(project.text(file)),
    SERVICE_PREFERENCES,
  );
  const source = project.program().getSourceFile(fileName);
  const edits = editsFor(changes, fileName);
  return source ? (editsForModuleKind(source, edits) ?? []) : edits;
}
