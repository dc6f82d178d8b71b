import path from "node:path";
import ts from "typescript";
import type { ProjectLayout } from "./project-layout.js";

/** A compiler option as written in tsconfig.json. */
export type OptionValue = string | boolean;

/**
 * The compilerOptions a converted project gets when it has no tsconfig.json, in the order they
 * are written. Code that a bundler loads resolves like a bundler; code Node loads resolves
 * like Node (ES modules or CommonJS by package.json's "type").
 */
export function recommendedOptions(
  layout: ProjectLayout,
  hasJsx: boolean,
): [string, OptionValue][] {
  const esm = layout.bundled || layout.packageType === "module";
  const options: [string, OptionValue][] = [
    ["target", "ES2022"],
    ["module", layout.bundled ? "ESNext" : "NodeNext"],
    ["moduleResolution", layout.bundled ? "Bundler" : "NodeNext"],
  ];
  if (hasJsx) {
    options.push(["jsx", "react-jsx"]);
    if (layout.dependencies.has("preact") && !layout.dependencies.has("react"))
      options.push(["jsxImportSource", "preact"]);
  }
  options.push(
    ["strict", true],
    ["allowJs", true],
    ["noEmit", true],
    ["esModuleInterop", true],
    ["resolveJsonModule", true],
    ["skipLibCheck", true],
    ["forceConsistentCasingInFileNames", true],
  );
  // Without it TypeScript drops imports whose bindings are unused, which JavaScript runs.
  if (esm) options.push(["verbatimModuleSyntax", true]);
  return options;
}

/** Settings every type check of the recipe forces, whatever the project's tsconfig says. */
const FORCED: ts.CompilerOptions = { strict: true, allowJs: true, checkJs: false, noEmit: true };

/**
 * The options the recipe type-checks with while converting: the project's tsconfig.json when
 * there is one, else the recommended options; strict either way.
 */
export function conversionOptions(layout: ProjectLayout): ts.CompilerOptions {
  const configPath = path.join(layout.root, "tsconfig.json");
  if (ts.sys.fileExists(configPath)) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configPath,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => {},
      },
    );
    if (parsed) {
      return { jsx: ts.JsxEmit.ReactJSX, ...parsed.options, ...FORCED };
    }
  }
  const json = Object.fromEntries(recommendedOptions(layout, true));
  const { options } = ts.convertCompilerOptionsFromJson(json, layout.root);
  return { ...options, ...FORCED };
}
