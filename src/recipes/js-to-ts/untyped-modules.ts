import ts from "typescript";

/** Diagnostics that say a module has no types: "Cannot find module" and its variants. */
const MISSING_MODULE = new Set([2307, 2792, 7016]);
/** "This JSX tag requires the module path '…' to exist". */
const MISSING_JSX_RUNTIME = 2875;
/** "JSX element implicitly has type 'any' because no interface 'JSX.IntrinsicElements' exists." */
const NO_INTRINSIC_ELEMENTS = 7026;
/**
 * "Cannot find name 'require'. Do you need to install type definitions for node?", and the same
 * for a test runner's globals and jQuery's.
 */
const MISSING_GLOBAL_TYPES = new Set([2580, 2581, 2582, 2591, 2592, 2593]);

export interface UntypedModules {
  modules: Set<string>;
  /** Globals of an environment whose types are not installed (Node's `require`, `process`). */
  globals: Set<string>;
  jsx: boolean;
}

function isBare(specifier: string): boolean {
  return !/^(\.|\/|[A-Za-z]:\\)/.test(specifier);
}

/**
 * The packages imported without type declarations, read from the type checker's diagnostics.
 * Relative imports that do not resolve are real errors, not missing types, and are not listed.
 */
export function findUntypedModules(diagnostics: readonly ts.Diagnostic[]): UntypedModules {
  const found: UntypedModules = { modules: new Set(), globals: new Set(), jsx: false };
  for (const d of diagnostics) {
    if (MISSING_MODULE.has(d.code) && d.file && d.start !== undefined && d.length !== undefined) {
      const specifier = d.file.text.slice(d.start + 1, d.start + d.length - 1);
      if (isBare(specifier)) found.modules.add(specifier);
    } else if (d.code === MISSING_JSX_RUNTIME) {
      const match = /module path '([^']+)'/.exec(
        ts.flattenDiagnosticMessageText(d.messageText, " "),
      );
      if (match?.[1]) found.modules.add(match[1]);
    } else if (d.code === NO_INTRINSIC_ELEMENTS) {
      found.jsx = true;
    } else if (
      MISSING_GLOBAL_TYPES.has(d.code) &&
      d.file &&
      d.start !== undefined &&
      d.length !== undefined
    ) {
      found.globals.add(d.file.text.slice(d.start, d.start + d.length));
    }
  }
  return found;
}

const HEADER = [
  "// Written by armada's js-to-ts recipe. TypeScript found no type declarations for these",
  "// modules and globals where the conversion ran (the package has none, or node_modules was",
  "// not there), so each line below makes one of them `any`. Install their types (for example",
  "// `npm install -D @types/react @types/node`) and delete their lines.",
];

const JSX_NAMESPACE = [
  "",
  "// JSX elements are untyped until React's types are installed; then delete this too.",
  "declare namespace JSX {",
  "  interface IntrinsicElements {",
  "    [element: string]: any;",
  "  }",
  "  interface IntrinsicAttributes {",
  "    key?: string | number | bigint | null;",
  "  }",
  "}",
];

/** What an existing shim already declares, so a second run adds to it. */
export function readShim(text: string): UntypedModules {
  const modules = new Set(
    [...text.matchAll(/^declare module "([^"]+)";$/gm)].map((m) => m[1] ?? ""),
  );
  const globals = new Set(
    [...text.matchAll(/^declare var ([\w$]+): any;$/gm)].map((m) => m[1] ?? ""),
  );
  return { modules, globals, jsx: text.includes("declare namespace JSX") };
}

export function shimText(untyped: UntypedModules): string {
  const lines = [
    ...HEADER,
    ...[...untyped.modules].sort().map((m) => `declare module ${JSON.stringify(m)};`),
    ...[...untyped.globals].sort().map((g) => `declare var ${g}: any;`),
    ...(untyped.jsx ? JSX_NAMESPACE : []),
  ];
  return `${lines.join("\n")}\n`;
}
