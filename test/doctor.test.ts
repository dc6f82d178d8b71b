import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ModelServer, startModelServer } from "../src/test-support/scripted-model-server.js";
import { modelEnv } from "./support/model-env.js";
import { armada } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe("armada doctor and configuration", () => {
  it("reports the configured models, whether their servers take the key, and never prints it", async () => {
    server = await startModelServer([], { apiKey: "sk-secret-123", models: ["gpt-5.1-codex"] });
    const repo = tempRepo({
      "armada.config.json": JSON.stringify({
        model: "openai:gpt-5.1-codex",
        plannerModel: "openai:gpt-9",
        providers: { openai: { baseUrl: server.baseUrl } },
      }),
    });
    const env = modelEnv(repo.root, { OPENAI_API_KEY: "sk-secret-123" });
    const json = await armada(["doctor", "--json"], { cwd: repo.root, env });
    expect(json.stdout).not.toContain("sk-secret-123");
    const report = JSON.parse(json.stdout);
    expect(report.configFiles).toEqual([path.join(repo.root, "armada.config.json")]);
    expect(report.models).toEqual([
      expect.objectContaining({
        role: "agent",
        model: "openai:gpt-5.1-codex",
        ok: true,
        keyVariable: "OPENAI_API_KEY",
        keySet: true,
        server: "reachable, key accepted",
        price: "$1.25 in / $10 out per million tokens",
      }),
      expect.objectContaining({
        role: "planner",
        model: "openai:gpt-9",
        ok: false,
        server: "reachable, key accepted, but gpt-9 is not among its 1 models",
      }),
    ]);
    expect(json.code).toBe(1);

    const wrong = await armada(
      ["doctor", "--model", "openai:gpt-5.1-codex", "--planner-model", "openai:gpt-5.1-codex"],
      {
        cwd: repo.root,
        env: { ...env, OPENAI_API_KEY: "sk-wrong" },
      },
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain("Model: openai:gpt-5.1-codex ✗");
    expect(wrong.stdout).toContain("key OPENAI_API_KEY: set");
    expect(wrong.stdout).toContain("server: HTTP 401: Incorrect API key provided");
    expect(wrong.stdout).not.toContain("sk-wrong");
  });

  it("says which key is missing, and reads the user's and the project's configuration", async () => {
    const repo = tempRepo({
      "package.json": JSON.stringify({
        name: "x",
        armada: { plannerModel: "ollama:qwen2.5-coder:14b" },
      }),
    });
    const env = modelEnv(repo.root);
    const userDir = path.join(env.XDG_CONFIG_HOME ?? "", "armada");
    mkdirSync(userDir, { recursive: true });
    writeFileSync(path.join(userDir, "config.yaml"), "model: anthropic:claude-sonnet-4-5\n");
    const result = await armada(["doctor", "--offline"], { cwd: repo.root, env });
    expect(result.stdout).toContain(
      `Configuration: ${path.join(userDir, "config.yaml")}, ${path.join(repo.root, "package.json")}`,
    );
    expect(result.stdout).toContain("Model: anthropic:claude-sonnet-4-5 ✗");
    expect(result.stdout).toContain("key ANTHROPIC_API_KEY: not set");
    expect(result.stdout).toContain("Planner model: ollama:qwen2.5-coder:14b ✓");
    expect(result.stdout).toContain(
      "provider ollama (openai-compatible protocol) at http://localhost:11434/v1",
    );
    expect(result.code).toBe(1);

    // The llm agent refuses to start without its key, before planning anything.
    const run = await armada(["run", "Do it", "--each", "package.json", "--yes"], {
      cwd: repo.root,
      env,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "armada: The model anthropic:claude-sonnet-4-5 needs an API key in the environment variable ANTHROPIC_API_KEY, which is not set.",
    );
  });

  it("refuses keys in configuration files, and explains how to name a model", async () => {
    const repo = tempRepo({
      "armada.config.json": JSON.stringify({ providers: { openai: { apiKey: "sk-oops" } } }),
      "a.txt": "a\n",
    });
    const result = await armada(["doctor"], { cwd: repo.root, env: modelEnv(repo.root) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `armada: Invalid armada configuration in ${path.join(repo.root, "armada.config.json")} (field "providers.openai.apiKey"): keys do not belong in configuration files.`,
    );
    const bare = tempRepo({ "a.txt": "a\n" });
    const run = await armada(["run", "Do it", "--agent", "llm", "--each", "a.txt", "--yes"], {
      cwd: bare.root,
      env: modelEnv(bare.root),
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "The llm agent needs a model. Name one with --model <provider>:<model>",
    );
    const noPlanner = await armada(["plan", "Do it"], { cwd: bare.root, env: modelEnv(bare.root) });
    expect(noPlanner.code).toBe(2);
    expect(noPlanner.stderr).toContain(
      "Armada needs a plan: name a model (--model <provider>:<model>",
    );
  });
});
