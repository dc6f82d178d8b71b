import type { ModelMessage } from "ai";
import type { Agent, AgentContext, AgentOutcome } from "../../core/agent-port.js";
import { NoModelConfiguredError, toArmadaError } from "../../core/errors.js";
import type { TaskSpec } from "../../core/plan.js";
import type { Sandbox } from "../../core/sandbox-port.js";
import { addUsage, NO_USAGE, type Usage } from "../../core/usage.js";
import type { ModelHub, ResolvedModel } from "../../models/index.js";
import { prompt } from "../prompt.js";
import { type ConventionDoc, taskPrompt } from "../task-prompt.js";
import { oneAtATime } from "./one-at-a-time.js";
import { runTurn } from "./run-turn.js";
import { readSandboxFile } from "./sandbox-files.js";
import { shrinkMessages } from "./shrink-messages.js";
import type { ToolContext } from "./tool-context.js";
import { ToolFailure } from "./tool-failure.js";
import { editFileTool } from "./tools/edit-file-tool.js";
import { finishTool } from "./tools/finish-tool.js";
import { listFilesTool } from "./tools/list-files-tool.js";
import { readFileTool } from "./tools/read-file-tool.js";
import { runCommandTool } from "./tools/run-command-tool.js";
import { searchTool } from "./tools/search-tool.js";
import { writeFileTool } from "./tools/write-file-tool.js";
import { saveTranscript } from "./transcript.js";

const DEFAULT_MAX_STEPS = 60;
const DEFAULT_FIX_TURNS = 2;
const READ_BYTES = 100 * 1024;
/** What read_file returns at once after the model's context overflowed. */
const EXCERPT_BYTES = 12 * 1024;
const COMMAND_TIMEOUT_MS = 10 * 60_000;
const CONVENTION_DOCS = ["AGENTS.md", "CONTRIBUTING.md"];
const CONVENTION_DOC_BYTES = 8 * 1024;

export interface LlmAgentOptions {
  /** `provider:model`. */
  model: string | undefined;
  maxSteps?: number | undefined;
  fixTurns?: number | undefined;
  models: ModelHub;
}

async function conventionDocs(tc: ToolContext): Promise<ConventionDoc[]> {
  const docs: ConventionDoc[] = [];
  for (const path of CONVENTION_DOCS) {
    try {
      const { text, omitted } = await readSandboxFile(tc, path, CONVENTION_DOC_BYTES);
      docs.push({
        path,
        text: omitted > 0 ? `${text}\n[... the rest of ${path} is left out]` : text,
      });
    } catch (error) {
      if (!(error instanceof ToolFailure)) throw error;
    }
  }
  return docs;
}

function checkFailures(failures: { check: string; error: string; output: string }[]): string {
  return failures
    .map((f) => `\`${f.check}\` ${f.error}:\n\`\`\`\n${f.output.trim().slice(-3000)}\n\`\`\``)
    .join("\n");
}

/**
 * The built-in agent: a model called from the orchestrator drives tools that act only inside
 * the task's sandbox. When it calls finish the task's checks run, and their failures go back
 * into the same conversation for at most `fixTurns` more rounds.
 */
export function llmAgent(options: LlmAgentOptions): Agent {
  return {
    name: "llm",
    run: (task, sandbox, ctx) => runLlmTask(task, sandbox, ctx, options),
  };
}

async function runLlmTask(
  task: TaskSpec,
  sandbox: Sandbox,
  ctx: AgentContext,
  options: LlmAgentOptions,
): Promise<AgentOutcome> {
  const started = performance.now();
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  const fixTurns = options.fixTurns ?? DEFAULT_FIX_TURNS;
  let usage: Usage = NO_USAGE;
  let save: ((outcome: string) => void) | undefined;
  const end = (outcome: Omit<AgentOutcome, "durationMs" | "usage">): AgentOutcome => {
    if (outcome.error) ctx.log(`\narmada: ${outcome.error}\n`);
    save?.(outcome.ok ? "finished" : (outcome.error ?? "failed"));
    return { ...outcome, usage, durationMs: performance.now() - started };
  };

  let model: ResolvedModel;
  try {
    if (!options.model) throw new NoModelConfiguredError("agent");
    model = options.models.resolve(options.model, { onRateLimitWait: ctx.onRateLimitWait });
  } catch (error) {
    return end({ ok: false, fatal: true, error: toArmadaError(error).userMessage });
  }

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error("timeout"));
  }, ctx.timeoutMs);
  const onCancel = (): void => controller.abort(ctx.signal.reason);
  ctx.signal.addEventListener("abort", onCancel, { once: true });
  if (ctx.signal.aborted) onCancel();

  const tc: ToolContext = {
    sandbox,
    env: ctx.env,
    signal: controller.signal,
    commandTimeoutMs: Math.min(COMMAND_TIMEOUT_MS, ctx.timeoutMs),
    limits: { readBytes: READ_BYTES },
    log: (text) => ctx.log(text),
  };
  let finished = false;
  const tools = oneAtATime({
    list_files: listFilesTool(tc),
    read_file: readFileTool(tc),
    search: searchTool(tc),
    write_file: writeFileTool(tc),
    edit_file: editFileTool(tc),
    run_command: runCommandTool(tc),
    finish: finishTool((summary) => {
      finished = true;
      ctx.log(`\narmada: the agent finished: ${summary}\n`);
    }),
  });
  const system = prompt("system");
  let messages: ModelMessage[] = [];
  const record = (all: ModelMessage[], spent: Usage, outcome?: string): void =>
    saveTranscript(ctx.transcriptPath, {
      model: model.label,
      task: task.id,
      attempt: ctx.attempt,
      system,
      messages: all,
      usage: spent,
      outcome,
    });
  save = (outcome) => record(messages, usage, outcome);

  try {
    messages = [{ role: "user", content: taskPrompt(task, ctx, await conventionDocs(tc)) }];
    ctx.log(`armada: model ${model.label}, at most ${maxSteps} steps, ${fixTurns} fix turns\n`);
    let stepsLeft = maxSteps;
    let fixTurn = 0;
    let shrunk = false;
    for (;;) {
      finished = false;
      const spentBefore = usage;
      const turn = await runTurn({
        model,
        system,
        messages,
        tools,
        maxSteps: stepsLeft,
        signal: controller.signal,
        log: tc.log,
        onStep: (all, turnUsage) => record(all, addUsage(spentBefore, turnUsage)),
      });
      messages = [...messages, ...turn.messages];
      usage = addUsage(usage, turn.usage);
      stepsLeft -= turn.steps;
      if (turn.fatal) throw turn.fatal;
      if (timedOut)
        return end({
          ok: false,
          timedOut: true,
          error: `timed out after ${Math.round(ctx.timeoutMs / 1000)}s`,
        });
      if (ctx.signal.aborted) return end({ ok: false, error: "cancelled" });
      if (turn.error !== undefined) {
        const failure = model.failure(turn.error);
        if (failure.contextLength && !shrunk) {
          // Once: whole files become excerpts, in what was said and in what read_file returns.
          shrunk = true;
          messages = shrinkMessages(messages);
          tc.limits.readBytes = EXCERPT_BYTES;
          ctx.log("\narmada: the model's context overflowed; retrying with file excerpts\n");
          continue;
        }
        return end({ ok: false, fatal: failure.fatal, error: failure.error.userMessage });
      }
      if (!finished) {
        if (stepsLeft <= 0 || turn.stoppedInTools)
          return end({
            ok: false,
            error: `stopped at the step limit (--max-steps ${maxSteps}) without calling finish`,
          });
        messages.push({ role: "user", content: prompt("not-finished") });
        continue;
      }
      if (task.checks.length === 0) return end({ ok: true });
      const checks = await ctx.runChecks();
      if (checks.cancelled) return end({ ok: false, error: "cancelled" });
      if (checks.passed) return end({ ok: true, checked: true });
      const first = checks.failures[0];
      if (fixTurn >= fixTurns || stepsLeft <= 0) {
        return end({
          ok: false,
          error: `check \`${first?.check}\` ${first?.error}${fixTurns > 0 ? ` (still, after ${fixTurn} fix turn${fixTurn === 1 ? "" : "s"})` : ""}`,
        });
      }
      fixTurn++;
      ctx.log(`\narmada: checks failed; fix turn ${fixTurn} of ${fixTurns}\n`);
      messages.push({
        role: "user",
        content: prompt("fix", {
          turn: fixTurn,
          turns: fixTurns,
          failures: checkFailures(checks.failures),
        }),
      });
    }
  } catch (error) {
    return end({ ok: false, fatal: true, error: toArmadaError(error).userMessage });
  } finally {
    clearTimeout(timer);
    ctx.signal.removeEventListener("abort", onCancel);
  }
}
