import { describe, expect, it } from "vitest";
import { asksForJsToTs } from "./objective-intent.js";

describe("asksForJsToTs", () => {
  it.each([
    "Convert all JavaScript files to TypeScript with strict mode",
    "migrate to typescript",
    "Migrate the codebase to TypeScript",
    "js -> ts",
    "JS → TS",
    "port the codebase to TS",
    "Convert .js files to .ts",
    "rewrite src/utils in TypeScript",
    "TypeScript migration",
    "Move this project to strict TypeScript",
    "convert jsx to tsx",
  ])("recognises %j", (objective) => {
    expect(asksForJsToTs(objective)).toBe(true);
  });

  it.each([
    "Migrate this React app from Webpack to Vite",
    "Write unit tests for every module in the src/ directory",
    "Fix the type errors in the TypeScript code",
    "Convert the TypeScript sources to JavaScript",
    "ts -> js",
    "Generate TSDoc for all exported functions",
    "Add a license header",
  ])("does not claim %j", (objective) => {
    expect(asksForJsToTs(objective)).toBe(false);
  });
});
