import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { type OptionValue, recommendedOptions } from "./compiler-settings.js";
import { skipReason } from "./convertible-files.js";
import { inspectSource } from "./inspect-source.js";
import { JsoncDocument, type JsonEntry, type JsonValue } from "./jsonc-edit.js";
import { type ProjectLayout, readProjectLayout } from "./project-layout.js";
import { RecipeError } from "./recipe-error.js";
import { applyEdits, type TextEdit } from "./text-edits.js";

/** Marks the allowJs the recipe added, so the fix-type-errors task knows it may remove it. */
export const ALLOW_JS_NOTE = "armada: while JavaScript files remain";

const STRICT_FAMILY = [
  "noImplicitAny",
  "noImplicitThis",
  "strictNullChecks",
  "strictFunctionTypes",
  "strictBindCallApply",
  "strictPropertyInitialization",
  "strictBuiltinIteratorReturn",
  "useUnknownInCatchVariables",
  "alwaysStrict",
];

interface Scan {
  hasJsx: boolean;
  flow: string[];
}

function scan(layout: ProjectLayout): Scan {
  let hasJsx = layout.typescript.some((f) => f.endsWith(".tsx"));
  const flow: string[] = [];
  for (const file of layout.javascript) {
    const verdict = inspectSource(file, readFileSync(path.join(layout.root, file), "utf8"));
    if (verdict.kind === "flow") flow.push(file);
    if (file.endsWith(".jsx") || (verdict.kind === "convertible" && verdict.jsx)) hasJsx = true;
  }
  return { hasJsx, flow };
}

/** Where the converted sources live: their top folders, and TypeScript globs for root files. */
function includes(layout: ProjectLayout): string[] {
  const entries = new Set<string>();
  for (const file of [...layout.javascript, ...layout.typescript]) {
    const slash = file.indexOf("/");
    if (slash > 0) entries.add(file.slice(0, slash));
    else entries.add(`*${path.posix.extname(file).replace("j", "t")}`);
  }
  return [...entries].sort();
}

function optionText([name, value]: [string, OptionValue]): string {
  const note = name === "allowJs" ? ` // ${ALLOW_JS_NOTE}` : "";
  return `    ${JSON.stringify(name)}: ${JSON.stringify(value)},${note}`;
}

function freshTsconfig(layout: ProjectLayout, found: Scan): string {
  const options = recommendedOptions(layout, found.hasJsx);
  const excluded = [
    ...found.flow,
    ...layout.files.filter((f) => skipReason(f) === "generated or vendored"),
  ];
  const lines = [
    "{",
    "  // Written by armada's js-to-ts recipe: strict TypeScript, type-checked with `tsc --noEmit`",
    "  // (set an outDir instead of noEmit to compile). Code a bundler loads resolves like the",
    "  // bundler; code Node loads resolves like Node.",
    '  "compilerOptions": {',
    ...options.map(optionText),
    "  },",
    `  "include": ${JSON.stringify(includes(layout))}${excluded.length ? "," : ""}`,
  ];
  if (excluded.length) {
    lines.push(`  "exclude": ${JSON.stringify(["node_modules", ...excluded])}`);
  }
  lines.push("}", "");
  return lines.join("\n");
}

function effectiveOptions(configPath: string): ts.CompilerOptions | undefined {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => {},
    },
  );
  return parsed?.options;
}

function updatedTsconfig(
  text: string,
  layout: ProjectLayout,
  found: Scan,
  log: (line: string) => void,
): string {
  const doc = new JsoncDocument(text);
  const error = doc.error();
  const root = doc.root();
  if (error || !root) {
    throw new RecipeError(
      `tsconfig.json is not valid JSON with comments (${error ?? "it is not an object"}); fix it and run the task again.`,
    );
  }
  const edits: TextEdit[] = [];
  if (found.flow.length > 0) {
    edits.push(doc.append(root, "exclude", found.flow, ["node_modules"]));
    log(`armada: tsconfig.json: excluded ${found.flow.join(", ")} (Flow-annotated, not converted)`);
  }
  const compilerOptions = doc.object("compilerOptions");
  if (!compilerOptions) {
    const options: JsonEntry[] = [
      ["strict", true],
      ["allowJs", true, ALLOW_JS_NOTE],
      ["noEmit", true],
    ];
    if (found.hasJsx) options.push(["jsx", "react-jsx"]);
    edits.push(doc.set(root, "compilerOptions", options));
    log(
      `armada: tsconfig.json: added compilerOptions ${options.map(([k, v]) => `${k}: ${v}`).join(", ")}`,
    );
    return applyEdits(text, edits);
  }
  const effective = effectiveOptions(path.join(layout.root, "tsconfig.json")) ?? {};
  const own = (name: string): unknown => doc.value("compilerOptions", name);
  const set = (name: string, value: JsonValue, why: string, comment?: string): void => {
    edits.push(doc.set(compilerOptions, name, value, comment));
    log(`armada: tsconfig.json: ${name}: ${JSON.stringify(value)} (${why})`);
  };
  if (own("strict") !== true) set("strict", true, "the point of the migration");
  for (const flag of STRICT_FAMILY) {
    if (own(flag) === false) set(flag, true, "it would turn part of strict off");
  }
  if (own("allowJs") === undefined && !effective.allowJs)
    set(
      "allowJs",
      true,
      "JavaScript and TypeScript side by side while the migration lasts",
      ALLOW_JS_NOTE,
    );
  if (!effective.noEmit && !effective.outDir && !effective.emitDeclarationOnly)
    set("noEmit", true, "there is no outDir, so tsc must not write .js beside the sources");
  if (found.hasJsx && effective.jsx === undefined) set("jsx", "react-jsx", "the project has JSX");
  return applyEdits(text, edits);
}

/**
 * The tsconfig task: creates tsconfig.json with strict settings fit for the project, or turns
 * an existing one strict, keeping the user's other settings and comments.
 */
export function writeTsconfig(root: string, log: (line: string) => void): void {
  const layout = readProjectLayout(root);
  const found = scan(layout);
  const file = path.join(root, "tsconfig.json");
  if (!existsSync(file)) {
    writeFileSync(file, freshTsconfig(layout, found));
    log("armada: tsconfig.json: created with strict settings");
    for (const flow of found.flow)
      log(`armada: tsconfig.json: excluded ${flow} (Flow-annotated, not converted)`);
    return;
  }
  writeFileSync(file, updatedTsconfig(readFileSync(file, "utf8"), layout, found, log));
}
