import path from "node:path";

const JS_EXTENSION = /\.(js|jsx|cjs|mjs)$/;
const TS_EXTENSION = /\.(ts|tsx|cts|mts)$/;

/**
 * Folders whose JavaScript is not the project's source: build output, vendored or generated
 * code, static assets served as they are.
 */
const SKIPPED_DIRS = new Set([
  "node_modules",
  "dist",
  "build",
  "out",
  "coverage",
  "vendor",
  "public",
  "static",
  "bower_components",
]);

/**
 * Files read by tools that load them as JavaScript (bundler, linter, test runner configs):
 * renaming them breaks the tool.
 */
const TOOL_CONFIG =
  /(^|\/)(\.[^/]*rc\.(c|m)?js|[^/]*\.config\.(c|m)?js|gulpfile\.js|gruntfile\.js)$/i;

export type SkipReason = "not JavaScript" | "generated or vendored" | "tool configuration";

/** Whether a path lies outside the folders of build output, vendored code and assets. */
export function inSourceTree(file: string): boolean {
  const dirs = file.split("/").slice(0, -1);
  return !dirs.some((dir) => SKIPPED_DIRS.has(dir) || dir.startsWith("."));
}

/** Why a repository path is not converted, or undefined when it is. */
export function skipReason(file: string): SkipReason | undefined {
  if (!JS_EXTENSION.test(file)) return "not JavaScript";
  if (!inSourceTree(file)) return "generated or vendored";
  if (/\.min\.js$/.test(file)) return "generated or vendored";
  if (TOOL_CONFIG.test(file)) return "tool configuration";
  return undefined;
}

export function isConvertible(file: string): boolean {
  return skipReason(file) === undefined;
}

export function isTypeScript(file: string): boolean {
  return TS_EXTENSION.test(file) && !/\.d\.(c|m)?ts$/.test(file);
}

/** The TypeScript name of a JavaScript file; `containsJsx` only matters for `.js`. */
export function typescriptName(file: string, containsJsx: boolean): string {
  const ext = path.posix.extname(file);
  const stem = file.slice(0, -ext.length);
  switch (ext) {
    case ".jsx":
      return `${stem}.tsx`;
    case ".cjs":
      return `${stem}.cts`;
    case ".mjs":
      return `${stem}.mts`;
    default:
      return `${stem}${containsJsx ? ".tsx" : ".ts"}`;
  }
}

/** Every name a converted file may end up with: a `.js` file holding JSX becomes `.tsx`. */
export function possibleTypescriptNames(file: string): string[] {
  const names = [typescriptName(file, false), typescriptName(file, true)];
  return [...new Set(names)];
}
