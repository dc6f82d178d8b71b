import type { Plan } from "../core/plan.js";

export interface RecipeOptions {
  /** A model agent will run the tasks that need judgement; without one, the recipe does all. */
  modelAgent: boolean;
}

export interface RecipePlan {
  plan: Plan;
  warnings: string[];
}

/**
 * A built-in, deterministic answer to one kind of objective: it plans without a model and its
 * tasks run as `builtin:<name>`, a script executed inside each task's sandbox.
 */
export interface Recipe {
  readonly name: string;
  /** What it does, for the printed plan and error messages. */
  readonly summary: string;
  /** An objective it answers, for help texts. */
  readonly example: string;
  /** Files per task when the user gave no --batch. */
  readonly defaultBatch: number;
  matches(objective: string): boolean;
  /** Throws an ArmadaError when the repository gives it nothing to do. */
  plan(objective: string, files: string[], batch: number, options: RecipeOptions): RecipePlan;
  /** The absolute path of the compiled script the builtin agent runs in the sandbox. */
  readonly script: string;
  /** The JSON the script reads on its standard input for one task. */
  request(taskId: string, files: string[]): unknown;
}
