import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { geminiAnswer, geminiCountTokens, geminiFailure, geminiRoute } from "./gemini-protocol.js";

/**
 * A local model server for tests and benchmarks that speaks the real wire protocols: OpenAI
 * chat completions and the OpenAI Responses API (both plain and streamed as SSE, with tool
 * calls) and Anthropic messages (plain and streamed, with tool use). It answers from a script
 * and records every request, so the real AI SDK client code runs end to end.
 */

export interface ScriptedToolCall {
  name: string;
  input: unknown;
}

export interface ScriptedAnswer {
  text?: string;
  toolCalls?: ScriptedToolCall[];
  /** What the usage fields of the answer say; tests compare armada's accounting with it. */
  usage?: { input: number; output: number };
}

export interface ScriptedFailure {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

export type ScriptedReply = ScriptedAnswer | ScriptedFailure;

export type Protocol = "chat" | "responses" | "anthropic" | "gemini";

export interface RecordedRequest {
  protocol: Protocol;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: the body is whatever JSON the client sent
  body: any;
  stream: boolean;
  /** Bytes of the request body: what a call costs to send. */
  bytes: number;
  at: number;
}

export type Script = ScriptedReply[] | ((request: RecordedRequest, index: number) => ScriptedReply);

export interface ModelServer {
  /** The `/v1` base URL clients are given. */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const DEFAULT_USAGE = { input: 10, output: 5 };

function isFailure(reply: ScriptedReply): reply is ScriptedFailure {
  return "status" in reply;
}

/** Splits a string in two so streamed answers really arrive in pieces. */
function halves(text: string): string[] {
  const middle = Math.ceil(text.length / 2);
  return text.length < 2 ? [text] : [text.slice(0, middle), text.slice(middle)];
}

function sse(res: ServerResponse): (data: unknown, event?: string) => void {
  res.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    connection: "keep-alive",
  });
  return (data, event) => {
    res.write(
      `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`,
    );
  };
}

function chatAnswer(res: ServerResponse, answer: ScriptedAnswer, stream: boolean, n: number): void {
  const usage = answer.usage ?? DEFAULT_USAGE;
  const calls = (answer.toolCalls ?? []).map((c, i) => ({
    id: `call_${n}_${i}`,
    name: c.name,
    arguments: JSON.stringify(c.input),
  }));
  const finish = calls.length ? "tool_calls" : "stop";
  const usageJson = {
    prompt_tokens: usage.input,
    completion_tokens: usage.output,
    total_tokens: usage.input + usage.output,
  };
  const base = { id: `chatcmpl-${n}`, created: 1_700_000_000, model: "scripted" };
  if (!stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        ...base,
        object: "chat.completion",
        choices: [
          {
            index: 0,
            message: {
              role: "assistant",
              content: answer.text ?? null,
              ...(calls.length
                ? {
                    tool_calls: calls.map((c) => ({
                      id: c.id,
                      type: "function",
                      function: { name: c.name, arguments: c.arguments },
                    })),
                  }
                : {}),
            },
            finish_reason: finish,
          },
        ],
        usage: usageJson,
      }),
    );
    return;
  }
  const send = sse(res);
  const chunk = (delta: unknown, finishReason: string | null = null): void =>
    send({
      ...base,
      object: "chat.completion.chunk",
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
  chunk({ role: "assistant", content: "" });
  for (const piece of halves(answer.text ?? "")) if (piece) chunk({ content: piece });
  calls.forEach((call, index) => {
    const [first = "", second] = halves(call.arguments);
    chunk({
      tool_calls: [
        { index, id: call.id, type: "function", function: { name: call.name, arguments: first } },
      ],
    });
    if (second) chunk({ tool_calls: [{ index, function: { arguments: second } }] });
  });
  chunk({}, finish);
  send({ ...base, object: "chat.completion.chunk", choices: [], usage: usageJson });
  send("[DONE]");
  res.end();
}

/**
 * The names of the free-form ("custom") tools a Responses request offers, such as Codex's
 * `apply_patch`: calls to them are answered as `custom_tool_call` items with raw text input.
 */
function customToolNames(body: unknown): Set<string> {
  const tools = (body as { tools?: unknown } | null)?.tools;
  const names = new Set<string>();
  if (Array.isArray(tools))
    for (const tool of tools as { type?: unknown; name?: unknown }[])
      if (tool?.type === "custom" && typeof tool.name === "string") names.add(tool.name);
  return names;
}

function responsesAnswer(
  res: ServerResponse,
  answer: ScriptedAnswer,
  stream: boolean,
  n: number,
  customTools: Set<string> = new Set(),
): void {
  const usage = answer.usage ?? DEFAULT_USAGE;
  const usageJson = {
    input_tokens: usage.input,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: usage.output,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.input + usage.output,
  };
  const output: Record<string, unknown>[] = [];
  if (answer.text) {
    output.push({
      type: "message",
      id: `msg_${n}`,
      role: "assistant",
      status: "completed",
      content: [{ type: "output_text", text: answer.text, annotations: [] }],
    });
  }
  (answer.toolCalls ?? []).forEach((call, i) => {
    if (customTools.has(call.name)) {
      output.push({
        type: "custom_tool_call",
        id: `ctc_${n}_${i}`,
        call_id: `call_${n}_${i}`,
        name: call.name,
        input: typeof call.input === "string" ? call.input : JSON.stringify(call.input),
        status: "completed",
      });
      return;
    }
    output.push({
      type: "function_call",
      id: `fc_${n}_${i}`,
      call_id: `call_${n}_${i}`,
      name: call.name,
      arguments: JSON.stringify(call.input),
      status: "completed",
    });
  });
  const response = {
    id: `resp_${n}`,
    object: "response",
    created_at: 1_700_000_000,
    model: "scripted",
    status: "completed",
    incomplete_details: null,
    output,
    usage: usageJson,
  };
  if (!stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(response));
    return;
  }
  const send = sse(res);
  let seq = 0;
  const event = (type: string, data: Record<string, unknown>): void =>
    send({ type, sequence_number: seq++, ...data }, type);
  event("response.created", { response: { ...response, status: "in_progress", output: [] } });
  output.forEach((item, index) => {
    if (item.type === "message") {
      event("response.output_item.added", {
        output_index: index,
        item: { ...item, status: "in_progress", content: [] },
      });
      for (const piece of halves(answer.text ?? ""))
        event("response.output_text.delta", {
          item_id: item.id,
          output_index: index,
          content_index: 0,
          delta: piece,
        });
    } else if (item.type === "custom_tool_call") {
      event("response.output_item.added", {
        output_index: index,
        item: { ...item, status: "in_progress", input: "" },
      });
      for (const piece of halves(String(item.input)))
        event("response.custom_tool_call_input.delta", {
          item_id: item.id,
          output_index: index,
          delta: piece,
        });
      event("response.custom_tool_call_input.done", {
        item_id: item.id,
        output_index: index,
        input: item.input,
      });
    } else {
      event("response.output_item.added", {
        output_index: index,
        item: { ...item, status: "in_progress", arguments: "" },
      });
      for (const piece of halves(String(item.arguments)))
        event("response.function_call_arguments.delta", {
          item_id: item.id,
          output_index: index,
          delta: piece,
        });
    }
    event("response.output_item.done", { output_index: index, item });
  });
  event("response.completed", { response });
  res.end();
}

function anthropicAnswer(
  res: ServerResponse,
  answer: ScriptedAnswer,
  stream: boolean,
  n: number,
): void {
  const usage = answer.usage ?? DEFAULT_USAGE;
  const content: Record<string, unknown>[] = [];
  if (answer.text) content.push({ type: "text", text: answer.text });
  for (const [i, call] of (answer.toolCalls ?? []).entries())
    content.push({ type: "tool_use", id: `toolu_${n}_${i}`, name: call.name, input: call.input });
  const stopReason = answer.toolCalls?.length ? "tool_use" : "end_turn";
  const message = {
    id: `msg_${n}`,
    type: "message",
    role: "assistant",
    model: "scripted",
    content,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output },
  };
  if (!stream) {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(message));
    return;
  }
  const send = sse(res);
  const event = (type: string, data: Record<string, unknown>): void =>
    send({ type, ...data }, type);
  event("message_start", {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      usage: { input_tokens: usage.input, output_tokens: 0 },
    },
  });
  content.forEach((block, index) => {
    if (block.type === "text") {
      event("content_block_start", { index, content_block: { type: "text", text: "" } });
      for (const piece of halves(String(block.text)))
        event("content_block_delta", { index, delta: { type: "text_delta", text: piece } });
    } else {
      event("content_block_start", {
        index,
        content_block: { type: "tool_use", id: block.id, name: block.name, input: {} },
      });
      for (const piece of halves(JSON.stringify(block.input)))
        event("content_block_delta", {
          index,
          delta: { type: "input_json_delta", partial_json: piece },
        });
    }
    event("content_block_stop", { index });
  });
  event("message_delta", {
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: usage.output },
  });
  event("message_stop", {});
  res.end();
}

function failure(res: ServerResponse, reply: ScriptedFailure, protocol: Protocol): void {
  if (protocol === "gemini") {
    geminiFailure(res, reply);
    return;
  }
  res.writeHead(reply.status, { "content-type": "application/json", ...reply.headers });
  const type =
    reply.status === 429
      ? "rate_limit_error"
      : reply.status === 401
        ? "authentication_error"
        : "invalid_request_error";
  res.end(
    JSON.stringify(
      protocol === "anthropic"
        ? { type: "error", error: { type, message: reply.message } }
        : { error: { message: reply.message, type, param: null, code: null } },
    ),
  );
}

const PROTOCOLS: Record<string, Protocol> = {
  "/v1/chat/completions": "chat",
  "/v1/responses": "responses",
  "/v1/messages": "anthropic",
};

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export interface ModelServerOptions {
  /** When set, calls with another key are refused with a 401, as providers do. */
  apiKey?: string;
  /** What GET /v1/models lists. */
  models?: string[];
}

function keyOf(req: IncomingMessage): string | undefined {
  const header =
    req.headers["x-api-key"] ??
    req.headers["x-goog-api-key"] ??
    req.headers.authorization ??
    new URL(req.url ?? "", "http://x").searchParams.get("key") ??
    undefined;
  return typeof header === "string" ? header.replace(/^Bearer /, "") : undefined;
}

export async function startModelServer(
  script: Script,
  options: ModelServerOptions = {},
): Promise<ModelServer> {
  const requests: RecordedRequest[] = [];
  let next = 0;
  const server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const path = (req.url ?? "").split("?")[0] ?? "";
      const gemini = geminiRoute(path);
      const protocol = PROTOCOLS[path] ?? (gemini ? "gemini" : undefined);
      const refuse = (): void =>
        failure(
          res,
          {
            status: 401,
            message:
              "Incorrect API key provided. You can find your API key in your account settings",
          },
          protocol ?? "chat",
        );
      const wrongKey = options.apiKey !== undefined && keyOf(req) !== options.apiKey;
      if (req.method === "GET" && path === "/v1/models") {
        if (wrongKey) return refuse();
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            object: "list",
            data: (options.models ?? ["scripted"]).map((id) => ({ id, object: "model" })),
          }),
        );
        return;
      }
      if (req.method !== "POST" || !protocol) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `no such endpoint: ${req.method} ${path}` } }));
        return;
      }
      const body = JSON.parse(raw.toString("utf8"));
      if (gemini?.method === "countTokens") {
        if (wrongKey) return refuse();
        geminiCountTokens(res, body);
        return;
      }
      const request: RecordedRequest = {
        protocol,
        path,
        headers: req.headers,
        body,
        stream: body.stream === true || gemini?.method === "streamGenerateContent",
        bytes: raw.length,
        at: Date.now(),
      };
      requests.push(request);
      if (wrongKey) return refuse();
      const index = next++;
      const reply = Array.isArray(script)
        ? (script[index] ?? {
            status: 500,
            message: `the test's script has no answer #${index + 1}`,
          })
        : script(request, index);
      if (isFailure(reply)) return failure(res, reply, protocol);
      if (protocol === "chat") chatAnswer(res, reply, request.stream, index);
      else if (protocol === "responses")
        responsesAnswer(res, reply, request.stream, index, customToolNames(body));
      else if (gemini)
        geminiAnswer(res, reply, request.stream, index, gemini.model, reply.usage ?? DEFAULT_USAGE);
      else anthropicAnswer(res, reply, request.stream, index);
    })().catch((error: unknown) => {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `scripted server: ${String(error)}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
