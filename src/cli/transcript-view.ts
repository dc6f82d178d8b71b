import { formatUsd } from "../core/index.js";

interface Part {
  type: string;
  text?: string;
  toolName?: string;
  input?: unknown;
  output?: { type: string; value: unknown };
}

interface Message {
  role: string;
  content: string | Part[];
}

interface TranscriptFile {
  model: string;
  task: string;
  attempt: number;
  system: string;
  messages: Message[];
  usage: { inputTokens: number; outputTokens: number; costUsd?: number };
  outcome: string | null;
}

function partText(part: Part): string {
  switch (part.type) {
    case "text":
    case "reasoning":
      return part.text ?? "";
    case "tool-call":
      return `→ ${part.toolName} ${JSON.stringify(part.input, null, 2)}`;
    case "tool-result": {
      const value = part.output?.value;
      return `← ${part.toolName}${part.output?.type === "error-text" ? " (refused)" : ""}:\n${typeof value === "string" ? value : JSON.stringify(value, null, 2)}`;
    }
    default:
      return `[${part.type}]`;
  }
}

/** An llm attempt's stored message history, as a person reads it. */
export function formatTranscript(json: string): string {
  const t = JSON.parse(json) as TranscriptFile;
  const cost = t.usage.costUsd === undefined ? "cost unknown" : formatUsd(t.usage.costUsd);
  const lines = [
    `model ${t.model} · task ${t.task} · attempt ${t.attempt} · ${t.usage.inputTokens} tokens in, ${t.usage.outputTokens} out, ${cost} · ${t.outcome ?? "running"}`,
    `── system ──\n${t.system}`,
  ];
  for (const message of t.messages) {
    const body =
      typeof message.content === "string"
        ? message.content
        : message.content.map(partText).join("\n");
    lines.push(`── ${message.role} ──\n${body}`);
  }
  return `${lines.join("\n")}\n`;
}
