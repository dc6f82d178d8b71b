import { z } from "zod";
import type { Plan, TaskSpec } from "../core/plan.js";

/** Task ids name git refs (`refs/armada/<run>/<task>`) and folders, so they stay plain. */
export const TASK_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;

const commandList = z.array(z.string().min(1, "must not be empty"));

export const taskSchema = z
  .object({
    id: z
      .string()
      .max(80, "must be at most 80 characters")
      .regex(TASK_ID, "must be letters, digits, '-', '_' or '.', starting with a letter or digit"),
    title: z.string().min(1, "must not be empty").optional(),
    instructions: z.string().optional(),
    files: z.array(z.string().min(1, "must not be empty")).default([]),
    deps: z.array(z.string()).default([]),
    checks: commandList.default([]),
    agent: z.string().min(1).optional(),
    command: z.string().min(1).optional(),
    allowDeletions: z.boolean().optional(),
    requireChange: z.boolean().optional(),
    /** Attempts run side by side; the one whose checks pass with the smallest change is kept. */
    attempts: z.number().int().min(1).max(10).optional(),
  })
  .strict();

export const planSchema = z
  .object({
    objective: z.string().min(1, "must not be empty"),
    checks: commandList.default([]),
    tasks: z.array(taskSchema).min(1, "must list at least one task"),
    /** What every sub-agent should know about the repository; the llm agent's prompt has it. */
    conventions: z.string().optional(),
    /** Commands run once per run on the base; their result is shown under every sandbox. */
    setup: commandList.optional(),
    /** Variables of the user's environment setup gets, and nothing else does. */
    setupEnv: z
      .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a variable name"))
      .optional(),
  })
  .strict();

export type PlanInput = z.input<typeof planSchema>;

/** Fills the defaults a plan file may leave out (title from id, instructions from objective). */
export function normalisePlan(parsed: z.output<typeof planSchema>): Plan {
  return {
    objective: parsed.objective,
    checks: parsed.checks,
    conventions: parsed.conventions,
    setup: parsed.setup,
    setupEnv: parsed.setupEnv,
    tasks: parsed.tasks.map(
      (t): TaskSpec => ({
        id: t.id,
        title: t.title ?? t.id,
        instructions: t.instructions ?? parsed.objective,
        files: t.files,
        deps: t.deps,
        checks: t.checks,
        agent: t.agent,
        command: t.command,
        allowDeletions: t.allowDeletions,
        requireChange: t.requireChange,
        bestOf: t.attempts,
      }),
    ),
  };
}
