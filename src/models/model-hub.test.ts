import { generateText, stepCountIs, streamText, tool } from "ai";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { ModelCallError } from "../core/errors.js";
import { type ModelServer, startModelServer } from "../test-support/scripted-model-server.js";
import { createModelHub } from "./model-hub.js";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const PROVIDERS = [
  ["openai-compatible:scripted", "chat"],
  ["openai:gpt-5.1-codex", "responses"],
  ["anthropic:claude-sonnet-4-5", "anthropic"],
] as const;

function hubFor(baseUrl: string) {
  return createModelHub({
    config: {
      providers: { openai: { baseUrl }, anthropic: { baseUrl } },
      prices: { "openai-compatible:scripted": { input: 2, output: 8 } },
    },
    env: { OPENAI_API_KEY: "sk-test-openai", ANTHROPIC_API_KEY: "sk-test-anthropic" },
    baseUrl,
  });
}

describe("model hub against a server speaking the real protocols", () => {
  for (const [label, protocol] of PROVIDERS) {
    for (const stream of [false, true]) {
      it(`${label}: a tool call, then text, ${stream ? "streamed" : "not streamed"}`, async () => {
        server = await startModelServer([
          { toolCalls: [{ name: "add", input: { a: 2, b: 3 } }], usage: { input: 100, output: 7 } },
          { text: "The sum is 5.", usage: { input: 130, output: 9 } },
        ]);
        const resolved = hubFor(server.baseUrl).resolve(label);
        const tools = {
          add: tool({
            description: "adds two numbers",
            inputSchema: z.object({ a: z.number(), b: z.number() }),
            execute: async ({ a, b }) => String(a + b),
          }),
        };
        const options = {
          model: resolved.model,
          prompt: "What is 2 + 3?",
          tools,
          stopWhen: stepCountIs(4),
        };
        let text: string;
        let usage: Awaited<ReturnType<typeof generateText>>["totalUsage"];
        if (stream) {
          const result = streamText(options);
          text = await result.text;
          usage = await result.totalUsage;
        } else {
          const result = await generateText(options);
          text = result.text;
          usage = result.totalUsage;
        }
        expect(text).toBe("The sum is 5.");
        expect(resolved.usage(usage)).toMatchObject({ inputTokens: 230, outputTokens: 16 });
        expect(server.requests.map((r) => [r.protocol, r.stream])).toEqual([
          [protocol, stream],
          [protocol, stream],
        ]);
        // The tool's result went back to the model in the second request.
        expect(JSON.stringify(server.requests[1]?.body)).toContain('"5"');
        const auth = server.requests[0]?.headers;
        if (protocol === "anthropic") expect(auth?.["x-api-key"]).toBe("sk-test-anthropic");
        else if (protocol === "responses")
          expect(auth?.authorization).toBe("Bearer sk-test-openai");
      });
    }
  }

  it("prices usage from the configured table, and leaves unknown prices unknown", async () => {
    server = await startModelServer([{ text: "hi", usage: { input: 1234, output: 56 } }]);
    const hub = hubFor(server.baseUrl);
    const priced = hub.resolve("openai-compatible:scripted");
    const result = await generateText({ model: priced.model, prompt: "hi" });
    expect(priced.usage(result.totalUsage)).toEqual({
      inputTokens: 1234,
      outputTokens: 56,
      costUsd: (1234 * 2 + 56 * 8) / 1_000_000,
    });
    expect(hub.resolve("openai-compatible:unpriced").usage(result.totalUsage).costUsd).toBe(
      undefined,
    );
    // Dated snapshots take the price of their model.
    expect(hub.resolve("anthropic:claude-sonnet-4-5-20250929").price).toEqual({
      input: 3,
      cachedInput: 0.3,
      output: 15,
    });
  });

  it("refuses a model whose key is not set, naming the variable", () => {
    const hub = createModelHub({ config: {}, env: {} });
    expect(() => hub.resolve("anthropic:claude-sonnet-4-5")).toThrow(
      expect.objectContaining({ name: "MissingApiKeyError", variable: "ANTHROPIC_API_KEY" }),
    );
  });

  it("classifies a 401 as fatal with the provider's own message", async () => {
    server = await startModelServer([
      { status: 401, message: "Incorrect API key provided: sk-test-****" },
    ]);
    const resolved = createModelHub({
      config: { providers: { openai: { baseUrl: server.baseUrl } } },
      env: { OPENAI_API_KEY: "sk-test" },
    }).resolve("openai:gpt-5.1");
    const error = await generateText({ model: resolved.model, prompt: "hi" }).catch((e) => e);
    const failure = resolved.failure(error);
    expect(failure.fatal).toBe(true);
    expect(failure.error).toBeInstanceOf(ModelCallError);
    expect(failure.error.userMessage).toContain("Incorrect API key provided: sk-test-****");
    expect(failure.error.userMessage).toContain("OPENAI_API_KEY");
    expect(server.requests).toHaveLength(1);
  });

  it("holds every caller of a provider after one of them gets a 429, and says who waited", async () => {
    server = await startModelServer([
      { status: 429, message: "Rate limit reached", headers: { "retry-after": "1" } },
      { text: "ok" },
    ]);
    const hub = hubFor(server.baseUrl);
    const unlucky = hub.resolve("openai-compatible:scripted");
    const waits: boolean[] = [];
    const other = hub.resolve("openai-compatible:scripted", {
      onRateLimitWait: (waiting) => waits.push(waiting),
    });
    const refused = await generateText({ model: unlucky.model, prompt: "a", maxRetries: 0 }).catch(
      (error: unknown) => error,
    );
    expect(unlucky.failure(refused).error.userMessage).toContain("HTTP 429");
    const started = Date.now();
    await generateText({ model: other.model, prompt: "b", maxRetries: 0 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(waits).toEqual([true, false]);
    expect(server.requests).toHaveLength(2);
  });

  it("retries a 5xx with backoff and succeeds", async () => {
    server = await startModelServer([
      { status: 503, message: "The server is overloaded" },
      { text: "fine", usage: { input: 7, output: 3 } },
    ]);
    const model = hubFor(server.baseUrl).resolve("openai-compatible:scripted");
    const result = await generateText({ model: model.model, prompt: "hi", maxRetries: 2 });
    expect(result.text).toBe("fine");
    expect(server.requests).toHaveLength(2);
    expect(model.usage(result.totalUsage)).toMatchObject({ inputTokens: 7, outputTokens: 3 });
  });
});
