import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ModelServer,
  type ScriptedReply,
  startModelServer,
} from "../src/test-support/scripted-model-server.js";
import { isPlannerRequest, modelEnv, sent, taskOf } from "./support/model-env.js";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

let server: ModelServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function jsProject(config: Record<string, unknown>) {
  return tempRepo({
    "package.json": `${JSON.stringify({ name: "shop", type: "module", scripts: { typecheck: "tsc --noEmit", test: "node --test" } }, null, 2)}\n`,
    "tsconfig.json": '{ "compilerOptions": { "strict": true } }\n',
    "src/util/format.js": "export const format = (n) => n.toFixed(2);\n",
    "src/api/client.js":
      'import { format } from "../util/format.js";\nexport const total = (n) => format(n);\n',
    "src/index.js": 'import { total } from "./api/client.js";\nconsole.log(total(1));\n',
    "armada.config.json": `${JSON.stringify(config, null, 2)}\n`,
  });
}

const VALID_PLAN = {
  conventions: "ESM JavaScript; type-check with npm run typecheck.",
  checks: ["npm run typecheck"],
  tasks: [
    {
      id: "tsconfig",
      title: "Update tsconfig.json for the migration",
      instructions: "Enable allowJs and checkJs.",
      files: ["tsconfig.json"],
      deps: [],
      checks: [],
    },
    {
      id: "util",
      title: "Convert src/util to TypeScript",
      instructions: "Rename format.js to format.ts and add types.",
      files: ["src/util/**"],
      deps: ["tsconfig"],
      checks: [],
    },
    {
      id: "api",
      title: "Convert src/api to TypeScript",
      instructions: "Rename client.js to client.ts and add types.",
      files: ["src/api/**"],
      deps: ["tsconfig"],
      checks: [],
    },
  ],
};

describe("the master planner", () => {
  it("explores, corrects a malformed plan on retry, and produces a linted plan (Anthropic messages)", async () => {
    const script: ScriptedReply[] = [
      {
        text: "Let me look at the sources.",
        toolCalls: [
          { name: "list_files", input: { path: "src" } },
          { name: "read_file", input: { path: "src/api/client.js" } },
          { name: "search", input: { pattern: "import .* from" } },
        ],
        usage: { input: 3000, output: 120 },
      },
      {
        toolCalls: [
          {
            name: "submit_plan",
            input: {
              ...VALID_PLAN,
              tasks: [
                { ...VALID_PLAN.tasks[1], id: "Bad id!", deps: [] },
                { ...VALID_PLAN.tasks[2], deps: ["nothing"] },
              ],
            },
          },
        ],
        usage: { input: 3500, output: 400 },
      },
      {
        toolCalls: [
          {
            name: "submit_plan",
            input: { ...VALID_PLAN, tasks: [VALID_PLAN.tasks[1], VALID_PLAN.tasks[2]] },
          },
        ],
        usage: { input: 4000, output: 380 },
      },
      {
        toolCalls: [{ name: "submit_plan", input: VALID_PLAN }],
        usage: { input: 4500, output: 420 },
      },
    ];
    server = await startModelServer(script);
    const repo = jsProject({
      plannerModel: "anthropic:claude-sonnet-4-5",
      providers: { anthropic: { baseUrl: server.baseUrl } },
    });
    const out = path.join(repo.root, "plan.yaml");
    const result = await armada(
      ["plan", "Convert the project to TypeScript", "--planner", "llm", "--json", "--out", out],
      { cwd: repo.root, env: modelEnv(repo.root, { ANTHROPIC_API_KEY: "sk-ant-test" }) },
    );
    expect(result.code).toBe(0);
    const { plan, warnings, usage } = JSON.parse(result.stdout);
    expect(plan.tasks.map((t: { id: string; deps: string[] }) => [t.id, t.deps])).toEqual([
      ["tsconfig", []],
      ["util", ["tsconfig"]],
      ["api", ["tsconfig"]],
    ]);
    expect(plan.checks).toEqual(["npm run typecheck"]);
    expect(plan.conventions).toBe("ESM JavaScript; type-check with npm run typecheck.");
    expect(warnings).toEqual([]);
    expect(usage).toEqual({
      inputTokens: 15000,
      outputTokens: 1320,
      costUsd: expect.closeTo((15000 * 3 + 1320 * 15) / 1e6, 12),
    });

    expect(server.requests.map((r) => [r.protocol, r.stream])).toEqual(
      Array(4).fill(["anthropic", false]),
    );
    // What the master sends: the objective, a summary with scripts and the import graph.
    const first = sent(server.requests[0]);
    expect(first).toContain("Convert the project to TypeScript");
    expect(first).toContain("typecheck = tsc --noEmit");
    expect(first).toMatch(/src\/api\/ 1 file · JavaScript 1 → imports src\/util\/ 1/);
    // The tools read the base commit.
    expect(sent(server.requests[1])).toContain("export const total");
    expect(sent(server.requests[1])).toContain("src/index.js:1:import { total }");
    // Each invalid plan went back with what is wrong with it.
    expect(sent(server.requests[2])).toContain("Invalid input for tool submit_plan");
    expect(sent(server.requests[3])).toContain(
      'tasks.util.deps: task \\"util\\" depends on \\"tsconfig\\", which is not a task of this plan.',
    );
    expect(result.stderr).toContain("armada: planner: the plan was not valid");

    // --out writes a plan file that `run --plan` takes.
    const yaml = readFileSync(out, "utf8");
    expect(yaml).toContain("conventions: ESM JavaScript; type-check with npm run typecheck.");
    expect(yaml).toContain("deps:\n      - tsconfig");
  });

  it("gives up with a clear message when every answer is invalid", async () => {
    server = await startModelServer(() => ({
      toolCalls: [{ name: "submit_plan", input: { ...VALID_PLAN, tasks: [] } }],
    }));
    const repo = jsProject({ model: "openai-compatible:scripted", baseUrl: server.baseUrl });
    const result = await armada(
      ["run", "Convert the project to TypeScript", "--planner", "llm", "--yes"],
      {
        cwd: repo.root,
        env: modelEnv(repo.root),
      },
    );
    expect(result.code).toBe(1);
    expect(server.requests).toHaveLength(3);
    expect(result.stderr).toContain(
      "armada: The master planner did not produce a valid plan after 3 tries. The last problem: Invalid input for tool submit_plan",
    );
    expect(result.stderr).toContain("armada run --plan plan.yaml");
    expect((await armada(["list"], { cwd: repo.root })).stdout).not.toContain("running");
  });

  it("runs a whole objective: the master plans, llm sub-agents carry out the plan in dependency order", async () => {
    let planned = false;
    server = await startModelServer((request): ScriptedReply => {
      if (isPlannerRequest(request)) {
        planned = true;
        return {
          toolCalls: [{ name: "submit_plan", input: VALID_PLAN }],
          usage: { input: 5000, output: 500 },
        };
      }
      const task = taskOf(request);
      const edits: Record<string, ScriptedReply> = {
        tsconfig: {
          toolCalls: [
            {
              name: "write_file",
              input: {
                path: "tsconfig.json",
                content: '{ "compilerOptions": { "strict": true, "allowJs": true } }\n',
              },
            },
            { name: "finish", input: { summary: "allowJs" } },
          ],
        },
        util: {
          toolCalls: [
            {
              name: "write_file",
              input: {
                path: "src/util/format.ts",
                content: "export const format = (n: number): string => n.toFixed(2);\n",
              },
            },
            {
              name: "run_command",
              input: { command: "git rm -q src/util/format.js && cat tsconfig.json" },
            },
            { name: "finish", input: { summary: "format.ts" } },
          ],
        },
        api: {
          toolCalls: [
            {
              name: "edit_file",
              input: {
                path: "src/api/client.js",
                search: "(n) =>",
                replace: "(n /* number */) =>",
              },
            },
            { name: "finish", input: { summary: "typed" } },
          ],
        },
      };
      return edits[task] ?? { status: 500, message: `no script for task "${task}"` };
    });
    const repo = jsProject({ model: "openai-compatible:scripted", baseUrl: server.baseUrl });
    const result = await armada(
      ["run", "Convert the project to TypeScript", "--planner", "llm", "--yes", "--no-apply"],
      {
        cwd: repo.root,
        env: modelEnv(repo.root),
      },
    );
    expect(planned).toBe(true);
    expect(result.stderr).toContain("armada: planning with openai-compatible:scripted...");
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => [t.id, t.state, t.merge])).toEqual([
      ["tsconfig", "completed", "merged"],
      ["util", "completed", "merged"],
      ["api", "completed", "merged"],
    ]);
    const branch = `armada/${status.run.id}`;
    expect(repo.git("show", `${branch}:src/util/format.ts`)).toContain("n: number");
    expect(repo.git("ls-tree", "--name-only", `${branch}:src/util`)).toBe("format.ts");
    // util started from tsconfig's result.
    const util = status.tasks.find((t) => t.id === "util");
    expect(repo.git("show", `${util?.result}:tsconfig.json`)).toContain("allowJs");
    // The planner's conventions reached the sub-agents.
    const utilRequest = server.requests.find((r) => taskOf(r) === "util");
    expect(sent(utilRequest)).toContain("ESM JavaScript; type-check with npm run typecheck.");
    // The run-level check from the plan ran on the merged result.
    expect(status.run.checksState).toBe("passed");
    expect(status.run.usage.planning).toEqual({
      inputTokens: 5000,
      outputTokens: 500,
      costUsd: null,
    });
    expect(status.run.usage.total?.inputTokens).toBe(5000 + 3 * 10);
  });
});
