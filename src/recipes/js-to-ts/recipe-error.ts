/**
 * A failure of a transform that the person running armada can act on; its message says what
 * and where. Anything else the transform throws is a bug and is reported with its stack.
 */
export class RecipeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RecipeError";
  }
}
