import type { AgentContext } from "../core/agent-port.js";
import type { TaskSpec } from "../core/plan.js";
import { prompt } from "./prompt.js";

const MAX_SCOPE_FILES = 200;

export interface ConventionDoc {
  path: string;
  text: string;
}

function scopeText(task: TaskSpec, files: string[]): string {
  if (task.files.length === 0) return "(none named: keep your changes small and focused)";
  const listed = files.slice(0, MAX_SCOPE_FILES).map((f) => `- ${f}`);
  if (files.length > MAX_SCOPE_FILES)
    listed.push(`- ... and ${files.length - MAX_SCOPE_FILES} more`);
  const globs = `Patterns: ${task.files.join(", ")}`;
  return files.length
    ? `${globs}\nThey match these existing files:\n${listed.join("\n")}`
    : `${globs}\nThey match no existing file: the task creates them.`;
}

/** The first message of a sub-agent's conversation: everything it needs to know to start. */
export function taskPrompt(task: TaskSpec, ctx: AgentContext, docs: ConventionDoc[]): string {
  const conventions = [
    ...(ctx.conventions ? [ctx.conventions.trim()] : []),
    ...docs.map((d) => `From ${d.path}:\n${d.text.trim()}`),
  ].join("\n\n");
  return prompt("task", {
    objective: ctx.objective,
    title: task.title,
    id: task.id,
    instructions: task.instructions,
    scope: scopeText(task, ctx.files),
    // Set by assembly for redos, resolvers and fix-ups: the conflict or the failing check.
    context: ctx.context ? prompt("context", { context: ctx.context.trim() }) : "",
    checks: task.checks.length
      ? prompt("checks", { checks: task.checks.map((c) => `- ${c}`).join("\n") })
      : "",
    conventions: conventions ? prompt("conventions", { conventions }) : "",
    previousFailure: ctx.previousFailure
      ? prompt("previous-failure", { attempt: ctx.attempt, failure: ctx.previousFailure.trim() })
      : "",
  });
}
