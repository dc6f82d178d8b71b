export { jsToTsRecipe } from "./js-to-ts-recipe.js";
export { NothingToConvertError } from "./nothing-to-convert-error.js";
export { asksForJsToTs } from "./objective-intent.js";
export { JS_TO_TS_AGENT, planJsToTs } from "./plan-js-to-ts.js";
export { FIX_TASK, TSCONFIG_TASK } from "./transform-request.js";
export { UNTYPED_MODULES_FILE } from "./untyped-modules-file.js";
