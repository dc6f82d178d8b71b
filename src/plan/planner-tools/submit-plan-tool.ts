import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { taskSchema } from "../plan-schema.js";

const DESCRIPTION = readFileSync(new URL("./submit-plan.txt", import.meta.url), "utf8");

export const SUBMIT_PLAN = "submit_plan";

/**
 * The plan as the model writes it: a plan file's fields, less what armada fills in (the
 * objective) or leaves to the user (agent, command), with titles and instructions required.
 */
export const submittedPlanSchema = z.object({
  conventions: z
    .string()
    .describe(
      "what every sub-agent should know about this repository: layout, language and style, the commands that build, type-check and test it; a few lines",
    ),
  checks: z
    .array(z.string().min(1))
    .describe(
      "run-level checks: shell commands from the project's own scripts (build, type-check, lint, test) run on the merged result",
    ),
  tasks: z
    .array(
      taskSchema
        .pick({ id: true, files: true, deps: true, checks: true })
        .extend({
          title: z.string().min(1).describe("a short imperative title"),
          instructions: z
            .string()
            .min(1)
            .describe("what the sub-agent must do, precisely, with anything it must know"),
        })
        .strict(),
    )
    .min(1),
});

export type SubmittedPlan = z.output<typeof submittedPlanSchema>;

/** `accept` validates the plan and throws what is wrong with it; the model hears that. */
export function submitPlanTool(accept: (plan: SubmittedPlan) => void) {
  return tool({
    description: DESCRIPTION,
    inputSchema: submittedPlanSchema,
    async execute(plan) {
      accept(plan);
      return "accepted";
    },
  });
}
