import { z } from "zod";

/** The tasks of a js-to-ts plan that are not file conversions, by id. */
export const TSCONFIG_TASK = "tsconfig";
export const FIX_TASK = "fix-type-errors";

export const TRANSFORM_MODES = ["convert", "tsconfig", "fix-type-errors"] as const;
export type TransformMode = (typeof TRANSFORM_MODES)[number];

/**
 * What the builtin agent asks of the transform script, as JSON on its standard input: the mode
 * and the files of the task's scope, relative to the sandbox root (the script's cwd).
 */
export const transformRequestSchema = z.object({
  mode: z.enum(TRANSFORM_MODES),
  files: z.array(z.string()),
});
export type TransformRequest = z.infer<typeof transformRequestSchema>;

/** A plan made by the recipe names its two special tasks by id; every other task converts. */
export function transformRequestFor(taskId: string, files: string[]): TransformRequest {
  const mode: TransformMode =
    taskId === TSCONFIG_TASK ? "tsconfig" : taskId === FIX_TASK ? "fix-type-errors" : "convert";
  return { mode, files };
}
