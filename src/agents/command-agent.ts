import type { Agent } from "../core/agent-port.js";
import { UsageError } from "../core/errors.js";
import { execOutcome } from "./exec-outcome.js";
import { shellQuote } from "./shell-quote.js";

/** Fills `{files}`, `{instructions}`, `{task}` and `{objective}` with shell-quoted values. */
export function renderCommand(
  template: string,
  values: { files: string[]; instructions: string; task: string; objective: string },
): string {
  return template.replace(/\{(files|instructions|task|objective)\}/g, (_match, name: string) => {
    switch (name) {
      case "files":
        return values.files.map(shellQuote).join(" ");
      case "instructions":
        return shellQuote(values.instructions);
      case "task":
        return shellQuote(values.task);
      default:
        return shellQuote(values.objective);
    }
  });
}

/**
 * Runs a shell template in the sandbox's root: a codemod, a script, or any tool that takes the
 * task on its command line or in ARMADA_* variables. Exit code 0 means the agent succeeded.
 */
export function commandAgent(defaultTemplate: string | undefined): Agent {
  return {
    name: "command",
    async run(task, sandbox, ctx) {
      const template = task.command ?? defaultTemplate;
      if (!template) {
        throw new UsageError(
          `Task "${task.id}" uses the command agent but has no command. Give one with --agent-cmd '<shell template>' (e.g. --agent-cmd 'npx prettier --write {files}') or a "command" field in the plan.`,
        );
      }
      const command = renderCommand(template, {
        files: ctx.files,
        instructions: task.instructions,
        task: task.id,
        objective: ctx.objective,
      });
      ctx.log(`$ ${command}\n`);
      const env: Record<string, string> = {
        ...ctx.env,
        ARMADA_FILES: ctx.files.join("\n"),
        ARMADA_INSTRUCTIONS: task.instructions,
        ARMADA_TASK: task.id,
        ARMADA_OBJECTIVE: ctx.objective,
        ARMADA_ATTEMPT: String(ctx.attempt),
      };
      if (ctx.previousFailure) env.ARMADA_PREVIOUS_FAILURE = ctx.previousFailure;
      if (ctx.context) env.ARMADA_CONTEXT = ctx.context;
      const result = await sandbox.exec(["/bin/sh", "-c", command], {
        env,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        onOutput: ctx.log,
        ...(ctx.onSpawn ? { onSpawn: ctx.onSpawn } : {}),
      });
      return execOutcome(result, ctx.timeoutMs, "command");
    },
  };
}
