/**
 * A tool call that failed in a way the model can do something about (a path outside the
 * sandbox, a search text not found): its message goes back to the model as the tool's result.
 * Any other error a tool throws is fatal to the attempt.
 */
export class ToolFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolFailure";
  }
}
