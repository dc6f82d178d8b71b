import { generateText, type ModelMessage, type StopCondition, stepCountIs, type ToolSet } from "ai";
import { PlanError, PlanningFailedError } from "../core/errors.js";
import type { Plan } from "../core/plan.js";
import { addUsage, NO_USAGE, type Usage } from "../core/usage.js";
import { promptLoader, type ResolvedModel } from "../models/index.js";
import { lintPlan } from "./lint-plan.js";
import { normalisePlan, planSchema } from "./plan-schema.js";
import { listFilesTool } from "./planner-tools/list-files-tool.js";
import { readFileTool } from "./planner-tools/read-file-tool.js";
import { searchTool } from "./planner-tools/search-tool.js";
import type { SnapshotView } from "./planner-tools/snapshot-view.js";
import {
  SUBMIT_PLAN,
  type SubmittedPlan,
  submitPlanTool,
} from "./planner-tools/submit-plan-tool.js";
import {
  DEFAULT_SUMMARY_CHARS,
  type RepoSummary,
  summariseRepo,
} from "./repo-summary/summarise-repo.js";

const prompt = promptLoader(new URL("./prompts/", import.meta.url));

const DEFAULT_MAX_TASKS = 50;
const DEFAULT_PLAN_RETRIES = 2;
const DEFAULT_PLANNER_STEPS = 12;
const MODEL_RETRIES = 4;

export interface LlmPlannerOptions {
  model: ResolvedModel;
  maxTasks?: number | undefined;
  /** Invalid answers sent back with what is wrong, before giving up. */
  retries?: number | undefined;
  /** Exploration steps before the plan is due. */
  maxSteps?: number | undefined;
  summaryChars?: number | undefined;
  /** One line per tool call, so the user sees the master at work. */
  log?: (line: string) => void;
}

export interface LlmPlan {
  plan: Plan;
  warnings: string[];
  usage: Usage;
  summary: RepoSummary;
  /** Model calls made, and the bytes of the first: what planning sends. */
  steps: number;
}

class ContextOverflow extends Error {}

function brief(input: unknown): string {
  const text = JSON.stringify(input) ?? "";
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

function problemOf(error: unknown): string {
  if (error instanceof PlanError) return `${error.field ? `${error.field}: ` : ""}${error.detail}`;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The master planner: summarises the repository, lets the model explore it read-only for a
 * bounded number of steps, and takes the plan through the submit_plan tool, whose input is
 * validated with the plan-file schema and then by the plan linter. What is wrong goes back to
 * the model, at most `retries` times. A context overflow shrinks the summary and tries once
 * more.
 */
export async function planWithModel(
  objective: string,
  view: SnapshotView,
  options: LlmPlannerOptions,
): Promise<LlmPlan> {
  let summaryChars = options.summaryChars ?? DEFAULT_SUMMARY_CHARS;
  for (let tries = 0; ; tries++) {
    const summary = await summariseRepo(view.root, view.commit, summaryChars);
    try {
      return await converse(objective, view, summary, options);
    } catch (error) {
      if (!(error instanceof ContextOverflow) || tries > 0) {
        if (error instanceof ContextOverflow) throw options.model.failure(error.cause).error;
        throw error;
      }
      summaryChars = Math.floor(summaryChars / 3);
      options.log?.("the model's context overflowed; retrying with a shorter summary");
    }
  }
}

async function converse(
  objective: string,
  view: SnapshotView,
  summary: RepoSummary,
  options: LlmPlannerOptions,
): Promise<LlmPlan> {
  const { model } = options;
  const maxTasks = options.maxTasks ?? DEFAULT_MAX_TASKS;
  const retries = options.retries ?? DEFAULT_PLAN_RETRIES;
  const maxSteps = options.maxSteps ?? DEFAULT_PLANNER_STEPS;
  let accepted: { plan: Plan; warnings: string[] } | undefined;
  let invalid = 0;
  let lastProblem = "";
  let overlapsRaised = false;

  const accept = (submitted: SubmittedPlan): void => {
    // The same schema and linter as plan files, so a plan from the model is a plan file.
    const parsed = planSchema.safeParse({ objective, ...submitted });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${issue?.path.join(".")}: ${issue?.message}`);
    }
    const plan = normalisePlan(parsed.data);
    let warnings: string[];
    try {
      ({ warnings } = lintPlan(plan, view.files, "the plan", { maxTasks }));
    } catch (error) {
      throw new Error(problemOf(error));
    }
    const overlaps = warnings.filter((w) => w.includes("without a dependency"));
    if (overlaps.length && !overlapsRaised && invalid < retries) {
      overlapsRaised = true;
      throw new Error(prompt("overlaps", { warnings: overlaps.map((w) => `- ${w}`).join("\n") }));
    }
    accepted = { plan, warnings };
  };

  const tools: ToolSet = {
    list_files: listFilesTool(view),
    read_file: readFileTool(view),
    search: searchTool(view),
    [SUBMIT_PLAN]: submitPlanTool(accept),
  };
  const messages: ModelMessage[] = [
    {
      role: "user",
      content: prompt("task", { objective, summary: summary.text, maxTasks, steps: maxSteps }),
    },
  ];
  const done: StopCondition<ToolSet> = () => accepted !== undefined || invalid > retries;
  let usage = NO_USAGE;
  let steps = 0;
  for (;;) {
    let result: Awaited<ReturnType<typeof generateText>>;
    try {
      result = await generateText({
        model: model.model,
        system: prompt("system"),
        messages,
        tools,
        maxRetries: MODEL_RETRIES,
        stopWhen: [done, stepCountIs(maxSteps + retries + 2)],
        // Past the exploration budget only submitting is left.
        prepareStep: ({ stepNumber }) =>
          steps + stepNumber >= maxSteps
            ? { activeTools: [SUBMIT_PLAN], toolChoice: { type: "tool", toolName: SUBMIT_PLAN } }
            : undefined,
        onStepFinish: (step) => {
          for (const part of step.content) {
            if (part.type === "tool-call") options.log?.(`${part.toolName} ${brief(part.input)}`);
            if (part.type === "tool-error" && part.toolName === SUBMIT_PLAN) {
              invalid++;
              lastProblem = problemOf(part.error);
              options.log?.(`the plan was not valid: ${lastProblem.split("\n")[0]}`);
            }
          }
        },
      });
    } catch (error) {
      const failure = model.failure(error);
      if (failure.contextLength) throw new ContextOverflow("context overflow", { cause: error });
      throw failure.error;
    }
    usage = addUsage(usage, model.usage(result.totalUsage));
    steps += result.steps.length;
    messages.push(...result.response.messages);
    if (accepted) return { ...accepted, usage, summary, steps };
    if (invalid <= retries && !result.steps.at(-1)?.toolCalls.length) {
      // The model answered in words instead of calling submit_plan.
      invalid++;
      lastProblem = "the answer did not call submit_plan.";
      messages.push({ role: "user", content: prompt("submit-reminder") });
    }
    if (invalid > retries) throw new PlanningFailedError(invalid, lastProblem.slice(0, 600));
    if (steps >= maxSteps + retries + 2)
      throw new PlanningFailedError(invalid, "the model kept exploring past its step limit.");
  }
}
