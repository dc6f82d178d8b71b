import ts from "typescript";
import { createProjectService, type ProjectService } from "../project-service.js";
import { applyEdits, type TextEdit } from "../text-edits.js";
import { tempProject } from "./temp-project.js";

export const STRICT: ts.CompilerOptions = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.ReactJSX,
  allowJs: true,
};

/** A language service over files held in memory, in an empty temporary folder. */
export function memoryProject(files: Record<string, string>, options = STRICT): ProjectService {
  const project = createProjectService(tempProject({}).root, options, []);
  for (const [file, text] of Object.entries(files)) project.setText(file, text);
  return project;
}

/** Runs one pass over a file of the project and keeps its result. */
export function applyPass(
  project: ProjectService,
  file: string,
  pass: (project: ProjectService, file: string) => TextEdit[],
): string {
  const text = applyEdits(project.text(file), pass(project, file));
  project.setText(file, text);
  return text;
}
