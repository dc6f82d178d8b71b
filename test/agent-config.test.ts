import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import {
  AGENT_CLIS_BIN,
  agentClisMissing,
  claudeEnv,
  claudeServer,
  codexEnv,
  codexServer,
  tempHome,
} from "./support/agent-clis.js";
import { armada, statusJson } from "./support/run-cli.js";
import { describeWhen, overlayMissing } from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";

describeWhen("agent CLIs from the configuration", agentClisMissing() ?? overlayMissing(), () => {
  it("runs a CLI of the user's, read as claude, with only the variables it names", async () => {
    const server = await claudeServer();
    const repo = tempRepo({ "src/f1.js": "export const f1 = 1;\n" });
    const env = claudeEnv(server, tempHome());
    writeFileSync(
      path.join(repo.root, "armada.config.json"),
      JSON.stringify({
        agents: {
          "team-claude": {
            command: "claude",
            args: [
              ...["-p", "{prompt}", "--output-format", "stream-json", "--verbose"],
              ...["--permission-mode", "bypassPermissions"],
            ],
            env: ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"],
            endpoint: env.ANTHROPIC_BASE_URL,
            usage: "claude",
          },
        },
      }),
    );
    repo.commitAll("config");
    const result = await armada(
      ["run", "Add a comment", "--each", "src/*.js", "--agent", "team-claude", "--yes"],
      { cwd: repo.root, env: { ...env, OTHER_SECRET: "s3cret" }, timeoutMs: 60_000 },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("COMPLETED");
    expect(result.code).toBe(0);
    expect(repo.read("src/f1.js")).toBe("export const f1 = 1;\n// edited by claude\n");
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.usage?.inputTokens).toBe(130);
    const logs = await armada(["logs", status.run.id, "src-f1-js"], { cwd: repo.root });
    expect(logs.stdout).toContain(
      "passing ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL; setting IS_SANDBOX=1",
    );
    expect(logs.stdout).toContain("→ Bash echo '// edited by claude' >> src/f1.js");
  });

  it("refuses an agents: entry with a field it does not know, naming the file and the field", async () => {
    const repo = tempRepo({ "src/f1.js": "x\n" });
    writeFileSync(
      path.join(repo.root, "armada.config.json"),
      JSON.stringify({ agents: { claude: { flags: ["--x"] } } }),
    );
    const result = await armada(
      ["run", "Edit", "--each", "src/*.js", "--agent", "claude", "--yes"],
      { cwd: repo.root, env: { HOME: tempHome() } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `armada: Invalid armada configuration in ${path.join(repo.root, "armada.config.json")} (field "agents.claude"): unknown field(s) "flags". Fix the file and run again.`,
    );
  });
});

describeWhen("armada doctor on agent CLIs", agentClisMissing(), () => {
  it("lists each CLI found: version, the auth it will use, its endpoint, and what to fix", async () => {
    const home = tempHome();
    mkdirSync(path.join(home, ".codex"), { recursive: true });
    writeFileSync(
      path.join(home, ".codex/auth.json"),
      JSON.stringify({ auth_mode: "chatgpt", tokens: { refresh_token: "r" } }),
    );
    const repo = tempRepo({ "a.js": "a\n" });
    const env = {
      HOME: home,
      PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}`,
      ANTHROPIC_API_KEY: "sk-ant-doctor",
      ANTHROPIC_BASE_URL: "https://gateway.example.com",
      CODEX_API_KEY: "",
    };
    const result = await armada(["doctor", "--offline"], { cwd: repo.root, env });
    expect(result.stdout).toMatch(
      / {2}claude 2\.1\.\d+ ✓ \S+\/claude\n {4}auth: key ANTHROPIC_API_KEY · endpoint: https:\/\/gateway\.example\.com\n/,
    );
    expect(result.stdout).toMatch(
      / {2}codex 0\.\d+\.\d+ ✗ \S+\/codex\n {4}auth: login ~\/\.codex\/auth\.json · endpoint: https:\/\/api\.openai\.com\/v1\n {4}problem: codex is logged in with ChatGPT/,
    );
    expect(result.stdout).not.toContain("sk-ant-doctor");
    const json = await armada(["doctor", "--offline", "--json"], { cwd: repo.root, env });
    const claude = (JSON.parse(json.stdout).agents as { agent: string }[]).find(
      (a) => a.agent === "claude",
    );
    expect(claude).toMatchObject({
      auth: "key ANTHROPIC_API_KEY",
      endpoint: "https://gateway.example.com",
      problem: null,
    });
  });
});

describeWhen("best-of-N across agent CLIs", agentClisMissing() ?? overlayMissing(), () => {
  it("--attempts claude,codex runs one attempt of each side by side and keeps one", async () => {
    const claude = await claudeServer();
    const codex = await codexServer();
    const home = tempHome();
    const env = { ...claudeEnv(claude, home), ...codexEnv(codex, home) };
    const repo = tempRepo({ "src/f1.js": "export const f1 = 1;\n" });
    const result = await armada(
      [
        ...["run", "Add a comment", "--each", "src/*.js", "--attempts", "claude,codex"],
        ...["--agent", "claude", "--model", "openai:gpt-5.5", "--yes"],
      ],
      { cwd: repo.root, env, timeoutMs: 90_000 },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/src-f1-js KEPT attempt [12] of 1, 2/);
    expect(claude.requests.length).toBeGreaterThan(0);
    expect(codex.requests.length).toBeGreaterThan(0);
    expect(repo.read("src/f1.js")).toMatch(
      /^export const f1 = 1;\n\/\/ edited by (claude|codex)\n$/,
    );
    const status = await statusJson(repo.root);
    const logs = await armada(["logs", status.run.id, "src-f1-js"], { cwd: repo.root });
    expect(logs.stdout).toContain("attempt 1, agent claude");
    expect(logs.stdout).toContain("attempt 2, agent codex");
  });
});

describeWhen(
  "agent CLIs in plans, and missing ones",
  agentClisMissing() ?? overlayMissing(),
  () => {
    it("runs agent: per task in a plan file, claude for one task and codex for another", async () => {
      const claude = await claudeServer();
      const codex = await codexServer();
      const home = tempHome();
      const repo = tempRepo({
        "src/f1.js": "export const f1 = 1;\n",
        "src/f2.js": "export const f2 = 2;\n",
      });
      const plan = path.join(home, "plan.yaml");
      writeFileSync(
        plan,
        [
          "objective: Add a comment",
          "tasks:",
          "  - id: one",
          "    files: [src/f1.js]",
          "    agent: claude",
          "  - id: two",
          "    files: [src/f2.js]",
          "    agent: codex",
          "    requireChange: true",
          "",
        ].join("\n"),
      );
      const result = await armada(
        ["run", "--plan", plan, "--model", "openai:gpt-5.5", "--agent", "claude", "--yes"],
        {
          cwd: repo.root,
          env: { ...claudeEnv(claude, home), ...codexEnv(codex, home) },
          timeoutMs: 90_000,
        },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(repo.read("src/f1.js")).toContain("// edited by claude");
      expect(repo.read("src/f2.js")).toContain("// edited by codex");
    });

    it("says how to install a CLI that is missing, and starts no other task", async () => {
      const repo = tempRepo({ "src/a.js": "a\n", "src/b.js": "b\n" });
      const result = await armada(
        ["run", "Edit", "--each", "src/*.js", "--agent", "gemini", "--yes", "--concurrency", "2"],
        {
          cwd: repo.root,
          env: { HOME: tempHome(), PATH: "/usr/bin:/bin", GEMINI_API_KEY: "gm-key" },
        },
      );
      expect(result.code).toBe(1);
      const status = await statusJson(repo.root);
      expect(status.tasks.map((t) => t.state)).toEqual(["failed", "cancelled"]);
      expect(status.tasks[0]?.error).toContain(
        "gemini is not installed where the sandbox can run it (not on its PATH). Install it with `npm install -g @google/gemini-cli`, or choose another agent with --agent.",
      );
      expect(result.stdout).toContain("HALTED");
    });
  },
);

describeWhen(
  "a flag the installed CLI does not take",
  agentClisMissing() ?? overlayMissing(),
  () => {
    it("stops the run naming the version and the flag", async () => {
      const codex = await codexServer();
      const home = tempHome();
      const repo = tempRepo({ "src/f1.js": "export const f1 = 1;\n", "src/f2.js": "x\n" });
      writeFileSync(
        path.join(repo.root, "armada.config.json"),
        JSON.stringify({
          agents: { codex: { args: ["exec", "--full-auto", "--json", "{prompt}"] } },
        }),
      );
      repo.commitAll("config");
      const result = await armada(
        ["run", "Add a comment", "--each", "src/*.js", "--agent", "codex", "--yes"],
        { cwd: repo.root, env: codexEnv(codex, home), timeoutMs: 60_000 },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toContain("HALTED");
      expect(result.stdout).toMatch(
        /codex 0\.\d+\.\d+ does not take --full-auto, which armada passes it \(it said: error: unexpected argument '--full-auto' found\)/,
      );
      expect(codex.requests).toEqual([]);
    });
  },
);

describeWhen("--rpm for agent CLIs", agentClisMissing() ?? overlayMissing(), () => {
  it("holds claude between its calls when the provider's shared limit is reached", async () => {
    const claude = await claudeServer();
    const repo = tempRepo({
      "src/f1.js": "export const f1 = 1;\n",
      "src/f2.js": "export const f2 = 2;\n",
      "src/f3.js": "export const f3 = 3;\n",
    });
    const result = await armada(
      [
        ...["run", "Add a comment", "--each", "src/*.js", "--agent", "claude", "--yes"],
        ...["--concurrency", "3", "--rpm", "4"],
      ],
      { cwd: repo.root, env: claudeEnv(claude, tempHome()), timeoutMs: 150_000 },
    );
    expect(result.code).toBe(0);
    for (const n of [1, 2, 3]) expect(repo.read(`src/f${n}.js`)).toContain("// edited by claude");
    // Two calls per task, four a minute: the fifth waits for the first to leave the window.
    expect(claude.requests).toHaveLength(6);
    const [first, , , , fifth] = claude.requests;
    expect((fifth?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThan(55_000);
    expect(result.stdout).toContain("WAITING on the model's rate limit");
  }, 160_000);
});

describeWhen("--budget for agent CLIs", agentClisMissing() ?? overlayMissing(), () => {
  it("stops starting tasks once claude's own reported cost reaches the budget", async () => {
    const claude = await claudeServer();
    const repo = tempRepo(
      Object.fromEntries(
        [1, 2, 3, 4, 5, 6].map((n) => [`src/f${n}.js`, `export const f${n} = ${n};\n`]),
      ),
    );
    const result = await armada(
      [
        ...["run", "Add a comment", "--each", "src/*.js", "--agent", "claude", "--yes"],
        ...["--concurrency", "1", "--budget", "0.001"],
      ],
      { cwd: repo.root, env: claudeEnv(claude, tempHome()), timeoutMs: 90_000 },
    );
    expect(result.stdout).toContain("run BUDGET REACHED");
    const status = await statusJson(repo.root);
    const done = status.tasks.filter((t) => t.state === "completed");
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(6);
    expect(status.run.usage.total?.costUsd).toBeGreaterThanOrEqual(0.001);
  });
});
