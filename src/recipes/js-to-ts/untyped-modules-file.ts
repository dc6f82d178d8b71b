// Apart from the code that writes it, so that planning does not load the TypeScript compiler.
/** Declarations for modules without types, written by the fix-type-errors task. */
export const UNTYPED_MODULES_FILE = "untyped-modules.d.ts";
