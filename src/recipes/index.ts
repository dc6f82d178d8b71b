import { jsToTsRecipe } from "./js-to-ts/index.js";
import type { Recipe } from "./recipe.js";

export type { Recipe, RecipeOptions, RecipePlan } from "./recipe.js";

export const RECIPES: readonly Recipe[] = [jsToTsRecipe];

/** The recipe whose objective this is, if any. */
export function recipeForObjective(objective: string): Recipe | undefined {
  return RECIPES.find((r) => r.matches(objective));
}

export function recipeNamed(name: string): Recipe | undefined {
  return RECIPES.find((r) => r.name === name);
}
