import { hasToolCall, type ModelMessage, stepCountIs, streamText, type ToolSet } from "ai";
import { addUsage, NO_USAGE, type Usage } from "../../core/usage.js";
import type { ResolvedModel } from "../../models/index.js";
import { ToolFailure } from "./tool-failure.js";
import { FINISH } from "./tools/finish-tool.js";

/** Transient provider failures (429, 5xx) are retried with backoff honouring Retry-After. */
const MODEL_RETRIES = 4;

export interface TurnInput {
  model: ResolvedModel;
  system: string;
  messages: ModelMessage[];
  tools: ToolSet;
  maxSteps: number;
  signal: AbortSignal;
  log: (text: string) => void;
  /** After every step: the conversation so far (input and answers) and the usage so far. */
  onStep: (messages: ModelMessage[], usage: Usage) => void;
}

export interface TurnResult {
  /** What the model and the tools added to the conversation. */
  messages: ModelMessage[];
  steps: number;
  usage: Usage;
  /** The last step called tools, so the loop was cut by the step limit, not by the model. */
  stoppedInTools: boolean;
  /** The model call that failed, after the SDK's retries. */
  error?: unknown;
  /** An error a tool threw that is not the model's to handle. */
  fatal?: unknown;
}

function brief(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const flat = (text ?? "").replace(/\s+/g, " ");
  return flat.length > 160 ? `${flat.slice(0, 159)}…` : flat;
}

/**
 * One run of the SDK's multi-step tool loop, streamed so that the attempt's log shows the
 * model's words as they come and long generations do not hit HTTP timeouts. It ends when the
 * model calls finish, answers without tools, reaches the step limit, or fails.
 */
export async function runTurn(input: TurnInput): Promise<TurnResult> {
  const turn: TurnResult = { messages: [], steps: 0, usage: NO_USAGE, stoppedInTools: false };
  const abort = new AbortController();
  const onAbort = (): void => abort.abort(input.signal.reason);
  input.signal.addEventListener("abort", onAbort, { once: true });
  if (input.signal.aborted) onAbort();
  try {
    const result = streamText({
      model: input.model.model,
      system: input.system,
      messages: input.messages,
      tools: input.tools,
      stopWhen: [stepCountIs(input.maxSteps), hasToolCall(FINISH)],
      maxRetries: MODEL_RETRIES,
      abortSignal: abort.signal,
      onError: () => {},
      onStepFinish: (step) => {
        turn.messages = step.response.messages;
        turn.steps++;
        turn.usage = addUsage(turn.usage, input.model.usage(step.usage));
        turn.stoppedInTools = step.toolCalls.length > 0;
        input.onStep([...input.messages, ...turn.messages], turn.usage);
      },
      experimental_onToolCallFinish: (event) => {
        if (event.success || event.error instanceof ToolFailure) return;
        turn.fatal ??= event.error;
        abort.abort(event.error);
      },
    });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") input.log(part.text);
      else if (part.type === "tool-call")
        input.log(
          `\n→ ${part.toolName} ${brief(part.toolName === "write_file" ? { path: (part.input as { path?: unknown }).path } : part.input)}\n`,
        );
      else if (part.type === "tool-result") input.log(`← ${brief(part.output)}\n`);
      else if (part.type === "tool-error")
        input.log(
          `← refused: ${brief(String(part.error instanceof Error ? part.error.message : part.error))}\n`,
        );
      else if (part.type === "error") turn.error ??= part.error;
    }
  } catch (error) {
    turn.error ??= error;
  } finally {
    input.signal.removeEventListener("abort", onAbort);
  }
  return turn;
}
