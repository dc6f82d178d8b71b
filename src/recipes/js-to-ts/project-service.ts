import path from "node:path";
import ts from "typescript";

/**
 * A language service over the project on disk with some files replaced in memory: the files a
 * task converts live here under their TypeScript names until the task writes them out.
 */
export interface ProjectService {
  readonly service: ts.LanguageService;
  /** Absolute path of a path relative to the project root. */
  abs(file: string): string;
  text(file: string): string;
  setText(file: string, text: string): void;
  /** Hides a file on disk from the service (the JavaScript name of a converted file). */
  hide(file: string): void;
  program(): ts.Program;
}

export function createProjectService(
  root: string,
  options: ts.CompilerOptions,
  rootFiles: string[],
): ProjectService {
  const memory = new Map<string, { text: string; version: number }>();
  const hidden = new Set<string>();
  const names = new Set(rootFiles.map((f) => path.resolve(root, f)));
  const abs = (file: string): string => path.resolve(root, file);
  const exists = (file: string): boolean =>
    memory.has(file) || (!hidden.has(file) && ts.sys.fileExists(file));
  const read = (file: string): string | undefined =>
    memory.get(file)?.text ?? (hidden.has(file) ? undefined : ts.sys.readFile(file));
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [...names],
    getScriptVersion: (file) => String(memory.get(file)?.version ?? 0),
    getScriptSnapshot: (file) => {
      const text = read(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => root,
    getCompilationSettings: () => options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: exists,
    readFile: read,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
    realpath: ts.sys.realpath,
    useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return {
    service,
    abs,
    text(file) {
      const text = read(abs(file));
      if (text === undefined) throw new Error(`${file} is not part of the project`);
      return text;
    },
    setText(file, text) {
      const full = abs(file);
      names.add(full);
      hidden.delete(full);
      memory.set(full, { text, version: (memory.get(full)?.version ?? 0) + 1 });
    },
    hide(file) {
      const full = abs(file);
      names.delete(full);
      memory.delete(full);
      hidden.add(full);
    },
    program() {
      const program = service.getProgram();
      if (!program) throw new Error("the language service has no program");
      return program;
    },
  };
}
