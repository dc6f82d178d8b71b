import type { ModelMessage } from "ai";

const KEEP_HEAD = 1500;
const KEEP_TAIL = 500;

function excerpt(text: string): string {
  if (text.length <= KEEP_HEAD + KEEP_TAIL + 200) return text;
  const cut = text.length - KEEP_HEAD - KEEP_TAIL;
  return `${text.slice(0, KEEP_HEAD)}\n[armada: ${cut} characters cut to fit the model's context; read the file again in parts if you need them]\n${text.slice(-KEEP_TAIL)}`;
}

function shrinkValue(value: unknown): unknown {
  if (typeof value === "string") return excerpt(value);
  if (Array.isArray(value)) return value.map(shrinkValue);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shrinkValue(v)]));
  return value;
}

/**
 * The conversation with long tool results and long tool inputs (whole files read or written)
 * cut to excerpts: what is sent again after the model's context window overflowed. The first
 * message, the task itself, stays whole.
 */
export function shrinkMessages(messages: ModelMessage[]): ModelMessage[] {
  return messages.map((message, index): ModelMessage => {
    if (index === 0) return message;
    if (message.role === "tool") {
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === "tool-result" && part.output.type === "text"
            ? { ...part, output: { ...part.output, value: excerpt(part.output.value) } }
            : part,
        ),
      };
    }
    if (message.role === "assistant" && typeof message.content !== "string") {
      return {
        ...message,
        content: message.content.map((part) =>
          part.type === "tool-call" ? { ...part, input: shrinkValue(part.input) } : part,
        ),
      };
    }
    return message;
  });
}
