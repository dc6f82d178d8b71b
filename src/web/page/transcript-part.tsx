import type { TranscriptPart } from "../api.js";

type TextPart = { type: "text" | "reasoning"; text: string };
type ToolCall = { type: "tool-call"; toolName: string; input: unknown };
type ToolResult = {
  type: "tool-result";
  toolName: string;
  output: { type: string; value: unknown };
};

function isText(part: TranscriptPart): part is TextPart {
  return (part.type === "text" || part.type === "reasoning") && "text" in part;
}

function isToolCall(part: TranscriptPart): part is ToolCall {
  return part.type === "tool-call" && "toolName" in part;
}

function isToolResult(part: TranscriptPart): part is ToolResult {
  return part.type === "tool-result" && "toolName" in part && "output" in part;
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, 2) ?? String(value);
}

/** One part of a message: said, thought, a tool called, or what the tool gave back. */
export function TranscriptPartView(props: { part: TranscriptPart }) {
  const { part } = props;
  if (isText(part))
    return (
      <div className={part.type === "reasoning" ? "part-reasoning" : "part-text"}>{part.text}</div>
    );
  if (isToolCall(part))
    return (
      <details className="part-tool">
        <summary>
          <span className="tool-arrow">→</span> {part.toolName}
        </summary>
        <pre className="output short">{asText(part.input)}</pre>
      </details>
    );
  if (isToolResult(part)) {
    const failed = part.output.type === "error-text" || part.output.type === "error-json";
    return (
      <details className={failed ? "part-tool part-tool-error" : "part-tool"}>
        <summary>
          <span className="tool-arrow">←</span> {part.toolName}
          {failed && <span className="badge state-failed">error</span>}
        </summary>
        <pre className="output short">{asText(part.output.value)}</pre>
      </details>
    );
  }
  return <div className="dim">({part.type})</div>;
}
