import { afterEach, describe, expect, it } from "vitest";
import {
  type ModelServer,
  type ScriptedReply,
  startModelServer,
} from "../src/test-support/scripted-model-server.js";
import { modelEnv, sent, taskOf } from "./support/model-env.js";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function threeFiles(config: Record<string, unknown>) {
  return tempRepo({
    "src/a.txt": "a\n",
    "src/b.txt": "b\n",
    "src/c.txt": "c\n",
    "armada.config.json": `${JSON.stringify(config, null, 2)}\n`,
  });
}

/** One answer per task: write the task's file, then finish, in a single step. */
function writeAndFinish(
  request: { body: unknown },
  usage?: { input: number; output: number },
): ScriptedReply {
  const task = taskOf(request as never);
  const file = `src/${task.replace(/^src-/, "").replace(/-txt$/, "")}.txt`;
  return {
    toolCalls: [
      { name: "write_file", input: { path: file, content: `${task} done\n` } },
      { name: "finish", input: { summary: "done" } },
    ],
    ...(usage ? { usage } : {}),
  };
}

describe("model faults", () => {
  it("waits out a 429 as its Retry-After says, then succeeds (OpenAI Responses API, streamed)", async () => {
    let calls = 0;
    server = await startModelServer((request) =>
      calls++ === 0
        ? {
            status: 429,
            message: "Rate limit reached for requests",
            headers: { "retry-after": "1" },
          }
        : writeAndFinish(request),
    );
    const repo = threeFiles({
      model: "openai:gpt-5.1-codex",
      providers: { openai: { baseUrl: server.baseUrl } },
    });
    const result = await armada(
      ["run", "Mark the files", "--each", "src/a.txt", "--yes", "--no-apply"],
      { cwd: repo.root, env: modelEnv(repo.root, { OPENAI_API_KEY: "sk-test" }) },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(server.requests.map((r) => [r.protocol, r.stream])).toEqual([
      ["responses", true],
      ["responses", true],
    ]);
    const [first, second] = server.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    const status = await statusJson(repo.root);
    expect(repo.git("show", `armada/${status.run.id}:src/a.txt`)).toBe("src-a-txt done");
  });

  it("fails fast on a wrong key with the provider's message, and starts no other task", async () => {
    server = await startModelServer([], { apiKey: "sk-right" });
    const repo = threeFiles({
      model: "openai:gpt-5.1-codex",
      providers: { openai: { baseUrl: server.baseUrl } },
    });
    const result = await armada(
      ["run", "Mark the files", "--each", "src/*.txt", "--yes", "--concurrency", "1"],
      { cwd: repo.root, env: modelEnv(repo.root, { OPENAI_API_KEY: "sk-wrong" }) },
    );
    expect(result.code).toBe(1);
    // One call: a 401 is not retried, and the other tasks never start.
    expect(server.requests).toHaveLength(1);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => t.state)).toEqual(["failed", "cancelled", "cancelled"]);
    expect(status.tasks[0]?.attempts).toBe(1);
    expect(status.tasks[0]?.error).toContain(
      "The openai API refused the call (HTTP 401): Incorrect API key provided",
    );
    expect(status.tasks[0]?.error).toContain("Check the key in OPENAI_API_KEY");
    expect(status.tasks[1]?.error).toContain(
      "stopped: task src-a-txt failed in a way every attempt would: The openai API refused the call (HTTP 401)",
    );
    expect(result.stdout).toContain("HALTED");
    expect(status.run.error).toContain("task src-a-txt failed in a way every attempt would");
  });

  it("stops dispatching when the budget is reached, and says so (Anthropic messages, streamed)", async () => {
    server = await startModelServer((request) =>
      writeAndFinish(request, { input: 1000, output: 1000 }),
    );
    const repo = threeFiles({
      model: "anthropic:claude-sonnet-4-5",
      providers: { anthropic: { baseUrl: server.baseUrl } },
      prices: { "anthropic:claude-sonnet-4-5": { input: 5, output: 5 } },
    });
    const result = await armada(
      [
        "run",
        "Mark the files",
        "--each",
        "src/*.txt",
        "--yes",
        "--no-apply",
        "--concurrency",
        "1",
        "--budget",
        "0.015",
      ],
      { cwd: repo.root, env: modelEnv(repo.root, { ANTHROPIC_API_KEY: "sk-ant-test" }) },
    );
    expect(result.code).toBe(1);
    expect(server.requests).toHaveLength(2);
    expect(server.requests.every((r) => r.protocol === "anthropic" && r.stream)).toBe(true);
    expect(server.requests[0]?.headers["x-api-key"]).toBe("sk-ant-test");
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => t.state)).toEqual(["completed", "completed", "cancelled"]);
    expect(status.tasks[2]?.error).toBe("stopped: the budget was reached ($0.02 spent of $0.015)");
    expect(status.run.usage).toEqual({
      total: { inputTokens: 2000, outputTokens: 2000, costUsd: expect.closeTo(0.02, 12) },
      planning: null,
      budgetUsd: 0.015,
    });
    expect(result.stdout).toContain("BUDGET REACHED");
    expect(result.stdout).toContain("Problems: the budget was reached");
  });

  it("shrinks what it sends after a context-length error and retries once", async () => {
    const big = Array.from({ length: 800 }, (_, i) => `line ${i} ${"x".repeat(60)}`).join("\n");
    const script: ScriptedReply[] = [
      { toolCalls: [{ name: "read_file", input: { path: "src/big.txt" } }] },
      {
        status: 400,
        message:
          "This model's maximum context length is 8192 tokens. However, your messages resulted in 14000 tokens. Please reduce the length of the messages.",
      },
      { toolCalls: [{ name: "finish", input: { summary: "read it" } }] },
    ];
    server = await startModelServer(script);
    const repo = tempRepo({
      "src/big.txt": `${big}\n`,
      "armada.config.json": JSON.stringify({ model: "openai-compatible:scripted" }),
    });
    const result = await armada(
      [
        "run",
        "Read the file",
        "--each",
        "src/big.txt",
        "--yes",
        "--no-apply",
        "--base-url",
        server.baseUrl,
      ],
      { cwd: repo.root, env: modelEnv(repo.root) },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(server.requests).toHaveLength(3);
    const [, tooLong, retried] = server.requests;
    expect(sent(tooLong)).toContain("line 799");
    expect(sent(retried)).toContain("characters cut to fit the model's context");
    expect(sent(retried)).not.toContain("line 400 ");
    expect(retried?.bytes ?? 0).toBeLessThan((tooLong?.bytes ?? 0) / 4);
  });
});
