import type { ServerResponse } from "node:http";
import type { ScriptedAnswer, ScriptedFailure } from "./scripted-model-server.js";

/**
 * The Gemini API (generativelanguage `v1beta`) side of the scripted model server: what the
 * Google GenAI SDK, and so the real Gemini CLI, sends to `{base}/v1beta/models/{model}:{method}`
 * and reads back. Answers carry text parts, `functionCall` parts for tool calls and
 * `usageMetadata`; failures use Google's error JSON. Gemini clients take the server's origin
 * (`new URL(server.baseUrl).origin`, without `/v1`) as their base URL, e.g. GOOGLE_GEMINI_BASE_URL;
 * the key arrives in `x-goog-api-key` (or `?key=`). `countTokens` is answered without taking a
 * script entry and is not recorded.
 */

export type GeminiMethod = "generateContent" | "streamGenerateContent" | "countTokens";

export interface GeminiRoute {
  model: string;
  method: GeminiMethod;
}

const ROUTE =
  /^\/(?:v1beta|v1|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent|countTokens)$/;

/** The model and method of a Gemini API path, or undefined for any other path. */
export function geminiRoute(path: string): GeminiRoute | undefined {
  const match = ROUTE.exec(path);
  if (!match) return undefined;
  return { model: decodeURIComponent(match[1] ?? ""), method: match[2] as GeminiMethod };
}

const STATUS: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ABORTED",
  429: "RESOURCE_EXHAUSTED",
  499: "CANCELLED",
  500: "INTERNAL",
  501: "NOT_IMPLEMENTED",
  503: "UNAVAILABLE",
  504: "DEADLINE_EXCEEDED",
};

/** A refusal in Google's shape: `{ error: { code, message, status } }`. */
export function geminiFailure(res: ServerResponse, reply: ScriptedFailure): void {
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  res.end(
    JSON.stringify({
      error: {
        code: reply.status,
        message: reply.message,
        status: STATUS[reply.status] ?? (reply.status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION"),
      },
    }),
  );
}

/** Roughly four characters a token, like the service's estimate for plain text. */
export function geminiCountTokens(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ totalTokens: Math.ceil(JSON.stringify(body ?? {}).length / 4) }));
}

function split(text: string): string[] {
  const middle = Math.ceil(text.length / 2);
  return text.length < 2 ? [text] : [text.slice(0, middle), text.slice(middle)];
}

/**
 * Writes one answer: a single GenerateContentResponse, or for `streamGenerateContent` an SSE
 * stream of them (text in pieces, each tool call whole, the finish reason and usage last).
 */
export function geminiAnswer(
  res: ServerResponse,
  answer: ScriptedAnswer,
  stream: boolean,
  n: number,
  model: string,
  usage: { input: number; output: number },
): void {
  const usageMetadata = {
    promptTokenCount: usage.input,
    candidatesTokenCount: usage.output,
    totalTokenCount: usage.input + usage.output,
  };
  const calls = (answer.toolCalls ?? []).map((call) => ({
    functionCall: { name: call.name, args: call.input ?? {} },
  }));
  const base = { modelVersion: model, responseId: `scripted-${n}` };
  const candidate = (parts: unknown[], finish: boolean): Record<string, unknown> => ({
    content: { role: "model", parts },
    index: 0,
    ...(finish ? { finishReason: "STOP" } : {}),
  });
  if (!stream) {
    const parts = [...(answer.text ? [{ text: answer.text }] : []), ...calls];
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ candidates: [candidate(parts, true)], usageMetadata, ...base }));
    return;
  }
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  const chunks: unknown[][] = [];
  for (const piece of split(answer.text ?? "")) if (piece) chunks.push([{ text: piece }]);
  for (const call of calls) chunks.push([call]);
  if (chunks.length === 0) chunks.push([{ text: "" }]);
  chunks.forEach((parts, i) => {
    const last = i === chunks.length - 1;
    const data = {
      candidates: [candidate(parts, last)],
      ...(last ? { usageMetadata } : {}),
      ...base,
    };
    res.write(`data: ${JSON.stringify(data)}\r\n\r\n`);
  });
  res.end();
}
