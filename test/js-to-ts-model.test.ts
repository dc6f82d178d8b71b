import { afterEach, describe, expect, it } from "vitest";
import { type ModelServer, startModelServer } from "../src/test-support/scripted-model-server.js";
import { modelEnv, sent } from "./support/model-env.js";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("the js-to-ts recipe with a model", () => {
  it("converts offline and hands the type errors to the llm agent, which fixes them", {
    timeout: 180_000,
  }, async () => {
    server = await startModelServer(
      [
        {
          toolCalls: [
            {
              name: "edit_file",
              input: { path: "src/half.ts", search: 'half("4")', replace: "half(4)" },
            },
            { name: "finish", input: { summary: "half takes a number" } },
          ],
        },
      ],
      { apiKey: "sk-test-compatible" },
    );
    const repo = tempRepo({
      "package.json": '{ "type": "module" }\n',
      "src/half.js":
        '/** @param {number} n */\nexport function half(n) {\n  return n / 2;\n}\nexport const two = half("4");\n',
      "armada.config.json": `${JSON.stringify({ model: "openai-compatible:scripted", baseUrl: server.baseUrl })}\n`,
    });
    const result = await armada(
      ["run", "Convert all JavaScript files to TypeScript with strict mode", "--yes"],
      {
        cwd: repo.root,
        env: modelEnv(repo.root, { OPENAI_COMPATIBLE_API_KEY: "sk-test-compatible" }),
        timeoutMs: 150_000,
      },
    );
    expect(result.stdout).toContain("Planner: built-in recipe js-to-ts");
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => [t.id, t.state])).toEqual([
      ["convert-src", "completed"],
      ["tsconfig", "completed"],
      ["fix-type-errors", "completed"],
    ]);
    // Only the fix task asked the model, and it was told how to check its work.
    expect(server.requests).toHaveLength(1);
    expect(sent(server.requests[0])).toContain(
      "converted to strict TypeScript by armada's js-to-ts recipe",
    );
    expect(sent(server.requests[0])).toContain("--noEmit -p tsconfig.json");
    expect(repo.read("src/half.ts")).toBe(
      "/** @param {number} n */\nexport function half(n: number): number {\n  return n / 2;\n}\nexport const two = half(4);\n",
    );
  });
});
