import type ts from "typescript";

/**
 * How the language service writes code for the recipe: imports it adds for types are
 * `import type`, which emits nothing.
 */
export const SERVICE_PREFERENCES: ts.UserPreferences = {
  quotePreference: "auto",
  preferTypeOnlyAutoImports: true,
};
