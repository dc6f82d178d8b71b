/** What each kind of task asks, for the person reading the plan and for any agent given it. */
export const CONVERT_INSTRUCTIONS =
  "Convert these JavaScript files to TypeScript: rename .js/.cjs/.mjs to .ts/.cts/.mts and .jsx (or .js holding JSX) to .tsx, fix relative imports that name the old extension, turn JSDoc types into annotations, infer parameter and return types from usage, declare class properties assigned in methods, type React props from propTypes. Leave behaviour unchanged: the emitted JavaScript must stay the same. Leave Flow-annotated files alone.";

export const TSCONFIG_INSTRUCTIONS =
  "Create or update tsconfig.json with strict: true and the settings the migration needs (allowJs while JavaScript files remain, noEmit unless the project emits to an outDir, jsx for React files), keeping the other settings and comments.";

export const FIX_INSTRUCTIONS =
  "Type-check the whole converted project and fix the errors the conversion left. Declare modules that have no type declarations in untyped-modules.d.ts; for each remaining error, add a `// @ts-expect-error` line with its message above it (type debt) so that `tsc --noEmit` passes.";
