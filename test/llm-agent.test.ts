import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ModelServer,
  type ScriptedReply,
  startModelServer,
} from "../src/test-support/scripted-model-server.js";
import { modelEnv, sent } from "./support/model-env.js";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CHECK = `import { add } from "./src/math.js";
if (add(2, 3) !== 5) { console.error("add(2, 3) is " + add(2, 3) + ", expected 5"); process.exit(1); }
if (add(-1, 1) !== 0) { console.error("add(-1, 1) is " + add(-1, 1) + ", expected 0"); process.exit(1); }
console.log("math ok");
`;

function mathRepo(config: Record<string, unknown>) {
  return tempRepo({
    "package.json": '{ "type": "module" }\n',
    "src/math.js": "export function add(a, b) {\n  return a - b;\n}\n",
    "check.mjs": CHECK,
    "AGENTS.md": "Use two-space indentation. Never use var.\n",
    "armada.config.json": `${JSON.stringify(config, null, 2)}\n`,
  });
}

const PLAN = (id = "fix-add") => `objective: Fix the math module
tasks:
  - id: ${id}
    title: Fix add
    instructions: add must return the sum of its arguments.
    files: [src/math.js]
    checks: ["node check.mjs"]
`;

describe("the llm agent", () => {
  it("edits files through tools, survives an edit_file miss, passes its checks after one fix turn, and accounts for every token", async () => {
    const usages = [
      { input: 1200, output: 40 },
      { input: 1300, output: 60 },
      { input: 1450, output: 80 },
      { input: 1600, output: 30 },
      { input: 2100, output: 70 },
    ];
    const script: ScriptedReply[] = [
      {
        text: "Let me look.",
        toolCalls: [{ name: "read_file", input: { path: "src/math.js" } }],
        usage: usages[0],
      },
      // A search text that is not in the file: the tool says so and nothing changes.
      {
        toolCalls: [
          {
            name: "edit_file",
            input: { path: "src/math.js", search: "return a-b;", replace: "return a + b;" },
          },
        ],
        usage: usages[1],
      },
      // A wrong fix, then finish: the task's check fails.
      {
        toolCalls: [
          {
            name: "edit_file",
            input: { path: "src/math.js", search: "return a - b;", replace: "return a + b + 0.5;" },
          },
          { name: "run_command", input: { command: "env" } },
          { name: "finish", input: { summary: "fixed add" } },
        ],
        usage: usages[2],
      },
      // The fix turn: the check's output came back; fix it for real.
      {
        toolCalls: [
          {
            name: "edit_file",
            input: { path: "src/math.js", search: "a + b + 0.5", replace: "a + b" },
          },
        ],
        usage: usages[3],
      },
      {
        toolCalls: [{ name: "finish", input: { summary: "add returns a + b" } }],
        usage: usages[4],
      },
    ];
    server = await startModelServer(script, { apiKey: "sk-test-compatible" });
    const repo = mathRepo({
      model: "openai-compatible:scripted",
      baseUrl: server.baseUrl,
      prices: { "openai-compatible:scripted": { input: 2.5, output: 10 } },
    });
    repo.write("plan.yaml", PLAN());
    const result = await armada(["run", "--plan", "plan.yaml", "--yes", "--no-apply"], {
      cwd: repo.root,
      env: modelEnv(repo.root, { OPENAI_COMPATIBLE_API_KEY: "sk-test-compatible" }),
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(status.run.state).toBe("completed");
    const branch = `armada/${status.run.id}`;
    expect(repo.git("show", `${branch}:src/math.js`)).toBe(
      "export function add(a, b) {\n  return a + b;\n}",
    );

    // Every request streamed, with the tools, the task and the repository's conventions.
    expect(server.requests).toHaveLength(5);
    expect(server.requests.every((r) => r.protocol === "chat" && r.stream)).toBe(true);
    const first = sent(server.requests[0]);
    for (const tool of [
      "list_files",
      "read_file",
      "write_file",
      "edit_file",
      "search",
      "run_command",
      "finish",
    ])
      expect(first).toContain(`"name":"${tool}"`);
    expect(first).toContain("add must return the sum of its arguments.");
    expect(first).toContain("Never use var.");
    expect(first).toContain("node check.mjs");
    // The tool results the model got.
    expect(sent(server.requests[1])).toContain("return a - b;");
    expect(sent(server.requests[2])).toContain("the search text was not found in src/math.js");
    expect(sent(server.requests[3])).toContain("add(2, 3) is 5.5, expected 5");
    expect(sent(server.requests[3])).toContain("1 of 2 rounds");
    // run_command ran inside the sandbox with a scrubbed environment: no key.
    expect(sent(server.requests[3])).toContain("ARMADA_RUN=");
    expect(sent(server.requests[3])).not.toContain("sk-test-compatible");

    // Tokens and cost match the server's usage fields exactly.
    const input = usages.reduce((n, u) => n + (u?.input ?? 0), 0);
    const output = usages.reduce((n, u) => n + (u?.output ?? 0), 0);
    const [task] = status.tasks;
    expect(task?.usage).toEqual({
      inputTokens: input,
      outputTokens: output,
      costUsd: expect.closeTo((input * 2.5 + output * 10) / 1e6, 12),
    });
    expect(status.run.usage.total).toEqual(task?.usage);
    expect(result.stdout).toContain(
      `Usage: ${input.toLocaleString("en-US")} tokens in, ${output} out`,
    );

    // The transcript holds the whole conversation and `logs --transcript` shows it.
    const logs = await armada(["logs", status.run.id, "fix-add", "--transcript"], {
      cwd: repo.root,
    });
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain("model openai-compatible:scripted · task fix-add · attempt 1");
    expect(logs.stdout).toContain("the search text was not found in src/math.js");
    expect(logs.stdout).toContain("→ finish");
    const plain = await armada(["logs", status.run.id, "fix-add"], { cwd: repo.root });
    expect(plain.stdout).toContain("armada: checks failed; fix turn 1 of 2");
    expect(plain.stdout).toContain("Let me look.");
    expect(plain.stdout).toContain(
      `── the full message history: armada logs ${status.run.id} fix-add --transcript`,
    );
  });

  it("refuses paths that escape the sandbox, by .., absolute path or symbolic link, and tells the model", async () => {
    const outside = tempRepo({ "secret.txt": "top secret\n" });
    const script: ScriptedReply[] = [
      {
        toolCalls: [
          { name: "read_file", input: { path: "../../../../etc/passwd" } },
          {
            name: "write_file",
            input: { path: path.join(outside.root, "pwned.txt"), content: "x" },
          },
          { name: "read_file", input: { path: "escape/secret.txt" } },
          { name: "write_file", input: { path: "escape/pwned.txt", content: "x" } },
          { name: "edit_file", input: { path: ".git/config", search: "a", replace: "b" } },
        ],
      },
      { toolCalls: [{ name: "finish", input: { summary: "tried" } }] },
    ];
    server = await startModelServer(script);
    const repo = mathRepo({ model: "openai-compatible:scripted", baseUrl: server.baseUrl });
    repo.git("config", "core.symlinks", "true");
    // A committed symbolic link that points out of the repository.
    const { symlinkSync } = await import("node:fs");
    symlinkSync(outside.root, path.join(repo.root, "escape"));
    repo.commitAll("link");
    repo.write("plan.yaml", PLAN());
    const result = await armada(
      // The tools' own guard matters where nothing else stops the agent: in a worktree. An
      // isolating sandbox does not even show the link's target.
      [
        "run",
        "--plan",
        "plan.yaml",
        "--yes",
        "--no-apply",
        "--retries",
        "0",
        "--fix-turns",
        "0",
        "--sandbox",
        "worktree",
      ],
      {
        cwd: repo.root,
        env: modelEnv(repo.root),
      },
    );
    expect(result.stderr).toBe("");
    const answer = sent(server.requests[1]);
    expect(answer).toContain("../../../../etc/passwd leads outside the sandbox: refused.");
    expect(answer).toContain(
      `${path.join(outside.root, "pwned.txt")} is outside the sandbox: refused.`,
    );
    expect(answer).toContain(
      "escape/secret.txt leads outside the sandbox through a symbolic link: refused.",
    );
    expect(answer).toContain(
      "escape/pwned.txt leads outside the sandbox through a symbolic link: refused.",
    );
    expect(answer).toContain(".git/config is inside .git, which the tools do not touch: refused.");
    expect(answer).not.toContain("top secret");
    expect(existsSync(path.join(outside.root, "pwned.txt"))).toBe(false);
    // The check still fails (nothing was fixed), so the attempt fails on it.
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.error).toContain("check `node check.mjs` exited with code 1");
  });

  it("stops at the step limit when the model never calls finish", async () => {
    server = await startModelServer(() => ({
      toolCalls: [{ name: "list_files", input: {} }],
    }));
    const repo = mathRepo({ model: "openai-compatible:scripted", baseUrl: server.baseUrl });
    repo.write("plan.yaml", PLAN());
    const result = await armada(
      ["run", "--plan", "plan.yaml", "--yes", "--no-apply", "--retries", "0", "--max-steps", "3"],
      { cwd: repo.root, env: modelEnv(repo.root) },
    );
    expect(result.code).toBe(1);
    expect(server.requests).toHaveLength(3);
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.error).toContain(
      "stopped at the step limit (--max-steps 3) without calling finish",
    );
    const transcript = readFileSync(
      path.join(repo.root, ".git/armada/runs", status.run.id, "logs/fix-add.1.transcript.json"),
      "utf8",
    );
    expect(JSON.parse(transcript).outcome).toContain("step limit");
  });
});
