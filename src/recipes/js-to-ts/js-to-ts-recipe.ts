import { fileURLToPath } from "node:url";
import type { Recipe } from "../recipe.js";
import { asksForJsToTs } from "./objective-intent.js";
import { planJsToTs } from "./plan-js-to-ts.js";
import { transformRequestFor } from "./transform-request.js";

export const jsToTsRecipe: Recipe = {
  name: "js-to-ts",
  summary: "JavaScript to strict TypeScript, offline, without a model",
  example: "Convert all JavaScript files to TypeScript with strict mode",
  defaultBatch: 10,
  matches: asksForJsToTs,
  plan: planJsToTs,
  // Two levels below the package root both in src/ and in dist/, so this finds the build.
  script: fileURLToPath(
    new URL("../../../dist/recipes/js-to-ts/run-transform.js", import.meta.url),
  ),
  request: transformRequestFor,
};
