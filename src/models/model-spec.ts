import { UsageError } from "../core/errors.js";

export interface ModelSpec {
  provider: string;
  modelId: string;
}

/** `provider:model`; the model part may hold colons itself (`ollama:qwen2.5-coder:14b`). */
export function parseModelSpec(text: string, flag = "--model"): ModelSpec {
  const at = text.indexOf(":");
  const provider = text.slice(0, at);
  const modelId = text.slice(at + 1);
  if (at <= 0 || !modelId) {
    throw new UsageError(
      `${flag} "${text}" does not name a provider and a model. Write <provider>:<model>, e.g. anthropic:claude-sonnet-4-5, openai:gpt-5.1-codex, ollama:qwen2.5-coder:14b, or openai-compatible:<model> with --base-url.`,
    );
  }
  return { provider, modelId };
}

export function formatModelSpec(spec: ModelSpec): string {
  return `${spec.provider}:${spec.modelId}`;
}
