import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it, onTestFinished } from "vitest";
import type { ModelServer } from "../src/test-support/scripted-model-server.js";
import {
  AGENT_CLIS_BIN,
  agentClisMissing,
  claudeEnv,
  claudeServer,
  codexEnv,
  codexServer,
  geminiEnv,
  geminiServer,
  opencodeEnv,
  opencodeServer,
  tempHome,
} from "./support/agent-clis.js";
import { armada, statusJson } from "./support/run-cli.js";
import {
  describeWhen,
  dockerMissing,
  overlayMissing,
  TEST_IMAGE,
} from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";

const FILES = Object.fromEntries(
  [1, 2, 3, 4, 5, 6].map((n) => [`src/f${n}.js`, `export const f${n} = ${n};\n`]),
);

const SANDBOXES = [
  { sandbox: "overlay", missing: overlayMissing(), flags: [] as string[] },
  { sandbox: "worktree", missing: undefined, flags: [] as string[] },
  { sandbox: "docker", missing: dockerMissing(), flags: ["--image", TEST_IMAGE] },
];

interface CliCase {
  cli: string;
  start(): Promise<{ server: ModelServer; env: Record<string, string> }>;
  flags: string[];
  /** The log line of the tool call that edits src/f1.js. */
  action: RegExp;
  /** The tool that edits, as the transcript names it. */
  tool: string;
  /** Tokens one task spends: its tool turn and its closing turn, as the script answers. */
  perTask: { input: number; output: number };
  /** The variable its key came from, which must never show in a log. */
  key: string;
  /** How the log shows its own sandbox turned off, where it has one: armada's isolates it. */
  ownSandboxOff?: RegExp;
}

const CLIS: CliCase[] = [
  {
    cli: "claude",
    start: async () => {
      const server = await claudeServer();
      return { server, env: claudeEnv(server, tempHome()) };
    },
    flags: [],
    action: /→ Bash echo '\/\/ edited by claude' >> src\/f1\.js/,
    tool: "Bash",
    perTask: { input: 130, output: 35 },
    key: "sk-ant-test",
  },
  {
    cli: "codex",
    start: async () => {
      const server = await codexServer();
      return { server, env: codexEnv(server, tempHome()) };
    },
    flags: ["--model", "openai:gpt-5.5"],
    action: /→ apply_patch update src\/f1\.js/,
    tool: "apply_patch",
    perTask: { input: 210, output: 45 },
    key: "sk-codex-test",
    ownSandboxOff:
      /\$ codex exec --json --skip-git-repo-check --dangerously-bypass-approvals-and-sandbox /,
  },
  {
    cli: "gemini",
    start: async () => {
      const server = await geminiServer();
      return { server, env: geminiEnv(server, tempHome()) };
    },
    // gemini's default model ("auto") routes each turn through a classifier call first.
    flags: ["--model", "gemini:scripted-model"],
    action: /→ replace src\/f1\.js/,
    tool: "replace",
    perTask: { input: 160, output: 25 },
    key: "gemini-test-key",
    ownSandboxOff: /; setting .*GEMINI_SANDBOX=false/,
  },
  {
    cli: "opencode",
    start: async () => {
      const server = await opencodeServer();
      return { server, env: opencodeEnv(server, tempHome()) };
    },
    flags: [],
    action: /→ edit src\/f1\.js/,
    tool: "edit",
    perTask: { input: 190, output: 30 },
    key: "sk-opencode-test",
  },
];

for (const c of CLIS) {
  for (const { sandbox, missing, flags } of SANDBOXES) {
    describeWhen(
      `${c.cli} as a sub-agent in ${sandbox} sandboxes`,
      agentClisMissing() ?? missing,
      () => {
        it("edits every file through its real binary; armada reads its usage and actions", async () => {
          const { server, env } = await c.start();
          const repo = tempRepo(FILES);
          const result = await armada(
            [
              ...["run", "Add a comment", "--each", "src/*.js", "--agent", c.cli, ...c.flags],
              ...["--sandbox", sandbox, "--concurrency", "3", "--yes", ...flags],
            ],
            { cwd: repo.root, env, timeoutMs: 120_000 },
          );
          expect(result.stderr).toBe("");
          expect(result.code).toBe(0);
          for (const file of Object.keys(FILES))
            expect(repo.read(file)).toBe(`${FILES[file]}// edited by ${c.cli}\n`);
          expect(server.requests.length).toBeGreaterThanOrEqual(12);
          const status = await statusJson(repo.root);
          expect(status.tasks.map((t) => t.usage?.inputTokens)).toEqual(
            Object.keys(FILES).map(() => c.perTask.input),
          );
          expect(status.run.usage.total?.outputTokens).toBe(6 * c.perTask.output);
          const logs = await armada(["logs", status.run.id, "src-f1-js"], { cwd: repo.root });
          expect(logs.stdout).toMatch(c.action);
          if (c.ownSandboxOff) expect(logs.stdout).toMatch(c.ownSandboxOff);
          expect(logs.stdout).toContain("Done: ");
          expect(logs.stdout).toMatch(
            new RegExp(`armada: ${c.cli} \\d+\\.\\d+\\.\\d+, endpoint http://127\\.0\\.0\\.1:\\d+`),
          );
          expect(logs.stdout).not.toContain(c.key);
          const transcript = await armada(["logs", status.run.id, "src-f1-js", "--transcript"], {
            cwd: repo.root,
          });
          expect(transcript.stdout).toContain(`→ ${c.tool}`);
          expect(transcript.stdout).toContain(
            `${c.perTask.input} tokens in, ${c.perTask.output} out`,
          );
        });
      },
    );
  }
}

describeWhen("claude's failures", agentClisMissing() ?? overlayMissing(), () => {
  const run = (repo: { root: string }, env: Record<string, string>, extra: string[] = []) =>
    armada(
      [
        ...["run", "Add a comment", "--each", "src/*.js", "--agent", "claude", "--yes"],
        ...["--concurrency", "2", ...extra],
      ],
      { cwd: repo.root, env, timeoutMs: 90_000 },
    );

  it("stops the run within seconds when the key is refused, with the API's words", async () => {
    const server = await claudeServer({ apiKey: "sk-ant-right" });
    const repo = tempRepo(FILES);
    const started = Date.now();
    const result = await run(repo, {
      ...claudeEnv(server, tempHome()),
      ANTHROPIC_API_KEY: "sk-ant-wrong",
    });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("HALTED");
    expect(result.stdout).toMatch(
      /claude's API at http:\/\/127\.0\.0\.1:\d+ refused its credentials \(ANTHROPIC_API_KEY\): HTTP 401/,
    );
    const status = await statusJson(repo.root);
    expect(status.tasks.filter((t) => t.state === "completed")).toEqual([]);
    expect(status.tasks.filter((t) => t.attempts > 0).length).toBeLessThanOrEqual(2);
  });

  it("stops the run when the endpoint does not answer", async () => {
    const repo = tempRepo(FILES);
    const result = await run(repo, {
      HOME: tempHome(),
      PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}`,
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9",
      ANTHROPIC_API_KEY: "sk-ant-test",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "claude cannot reach its API at http://127.0.0.1:9 (the proxy could not connect to it). Check the endpoint and that it is up; every task would fail the same way.",
    );
  });

  it("refuses to start without a key or a login, and says how to get one", async () => {
    const server = await claudeServer();
    const repo = tempRepo(FILES);
    const env = claudeEnv(server, tempHome());
    const result = await run(repo, { ...env, ANTHROPIC_API_KEY: "" });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(repo.git("for-each-ref", "refs/armada")).toBe("");
    expect(result.stderr).toContain(
      "claude has no key and no login here. Export ANTHROPIC_API_KEY, or run `claude setup-token` and export the token it prints as CLAUDE_CODE_OAUTH_TOKEN.",
    );
    expect(server.requests).toEqual([]);
  });

  it("uses a subscription login's access token, and refuses one that is about to expire", async () => {
    const server = await claudeServer();
    const home = tempHome();
    const login = (expiresAt: number) => {
      mkdirSync(path.join(home, ".claude"), { recursive: true });
      writeFileSync(
        path.join(home, ".claude/.credentials.json"),
        JSON.stringify({
          claudeAiOauth: { accessToken: "sk-ant-oat01-login", refreshToken: "r", expiresAt },
        }),
      );
    };
    login(Date.now() + 24 * 3600_000);
    const env = { ...claudeEnv(server, home), ANTHROPIC_API_KEY: "" };
    const repo = tempRepo({ "src/f1.js": FILES["src/f1.js"] ?? "" });
    const ok = await run(repo, env);
    expect(ok.code).toBe(0);
    expect(repo.read("src/f1.js")).toContain("// edited by claude");
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-ant-oat01-login");
    login(Date.now() + 60_000);
    const later = tempRepo({ "src/f1.js": FILES["src/f1.js"] ?? "" });
    const refused = await run(later, env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "claude's login (~/.claude/.credentials.json) expires within two hours, and sub-agents cannot renew it",
    );
  });

  it("says which version is too old", async () => {
    const bin = mkdtempSync(path.join(tmpdir(), "armada-old-claude-"));
    writeFileSync(path.join(bin, "claude"), "#!/bin/sh\necho '1.0.3 (Claude Code)'\n");
    chmodSync(path.join(bin, "claude"), 0o755);
    const repo = tempRepo(FILES);
    const result = await run(repo, {
      HOME: tempHome(),
      PATH: `${bin}:${process.env.PATH}`,
      ANTHROPIC_API_KEY: "sk-ant-test",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "claude 1.0.3 is older than 2.0.0, the oldest release whose flags armada knows. Update it with `npm install -g @anthropic-ai/claude-code`.",
    );
  });

  it("reaches only its API: another listener on the host is refused by the proxy", async () => {
    const other = createServer((_req, res) => res.end("reached"));
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => {
      other.close();
    });
    const port = (other.address() as AddressInfo).port;
    const probe = [
      `curl -s -o /dev/null -w 'proxy %{http_code}' http://127.0.0.1:${port}/ > src/f1.js`,
      `(curl --noproxy '*' -s -m 3 http://127.0.0.1:${port}/ || echo ' direct refused') >> src/f1.js`,
    ].join("; ");
    const server = await claudeServer({ command: () => probe });
    const repo = tempRepo({ "src/f1.js": "" });
    const env = claudeEnv(server, tempHome());
    const result = await armada(
      ["run", "Probe", "--each", "src/f1.js", "--agent", "claude", "--yes", "--sandbox", "overlay"],
      { cwd: repo.root, env, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(0);
    expect(repo.read("src/f1.js")).toBe("proxy 403 direct refused\n");
    const runId = (await statusJson(repo.root)).run.id;
    const logs = await armada(["logs", runId, "src-f1-js"], { cwd: repo.root });
    expect(logs.stdout).toContain(
      `armada: refused claude's connection to 127.0.0.1:${port}: its sandbox reaches only ${env.ANTHROPIC_BASE_URL} (--network opens everything)`,
    );
  });

  it("reports a task whose agent changed nothing, and --require-change retries it", async () => {
    const server = await claudeServer({ say: "Nothing to change here." });
    const repo = tempRepo({ "src/f1.js": "export const f1 = 1;\n" });
    const env = claudeEnv(server, tempHome());
    const idle = await run(repo, env);
    expect(idle.code).toBe(0);
    expect(idle.stdout).toContain(
      "src-f1-js DONE, NO CHANGE: the agent changed nothing (it said: Nothing to change here.)",
    );
    expect(idle.stdout).toMatch(/No change: 1 task changed nothing \(src-f1-js\)/);
    const status = await statusJson(repo.root);
    expect(status.tasks[0]).toMatchObject({ state: "completed", noChange: true });
    const strict = await run(repo, env, ["--require-change"]);
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain(
      "RETRY: attempt 1 the agent changed nothing, and this task must change something",
    );
    const after = await statusJson(repo.root);
    expect(after.tasks[0]).toMatchObject({ state: "failed", attempts: 2 });
  });
});

describeWhen("codex's failures", agentClisMissing() ?? overlayMissing(), () => {
  const run = (repo: { root: string }, env: Record<string, string>) =>
    armada(
      [
        ...["run", "Add a comment", "--each", "src/*.js", "--agent", "codex", "--yes"],
        ...["--model", "openai:gpt-5.5", "--concurrency", "2"],
      ],
      { cwd: repo.root, env, timeoutMs: 90_000 },
    );

  it("stops the run within seconds when the key is refused", async () => {
    const server = await codexServer({ apiKey: "sk-codex-right" });
    const repo = tempRepo(FILES);
    const started = Date.now();
    const result = await run(repo, codexEnv(server, tempHome()));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /codex's API at http:\/\/127\.0\.0\.1:\d+\/v1 refused its credentials \(SCRIPTED_API_KEY\): HTTP 401/,
    );
  });

  it("refuses a ChatGPT login that parallel sandboxes would race to renew, and names the fix", async () => {
    const server = await codexServer();
    const home = tempHome();
    mkdirSync(path.join(home, ".codex"), { recursive: true });
    writeFileSync(
      path.join(home, ".codex/auth.json"),
      JSON.stringify({
        auth_mode: "chatgpt",
        OPENAI_API_KEY: null,
        tokens: { id_token: "x", access_token: "y", refresh_token: "z", account_id: "a" },
      }),
    );
    const repo = tempRepo(FILES);
    const result = await run(repo, {
      HOME: home,
      PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}`,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "codex is logged in with ChatGPT (~/.codex/auth.json), and that login cannot be shared by parallel sandboxes: its refresh tokens are single-use",
    );
    expect(result.stderr).toContain("Export CODEX_API_KEY (or run `codex login --with-api-key`)");
    expect(server.requests).toEqual([]);
  });
});

describeWhen("gemini's failures", agentClisMissing() ?? overlayMissing(), () => {
  const run = (repo: { root: string }, env: Record<string, string>) =>
    armada(
      [
        ...["run", "Add a comment", "--each", "src/*.js", "--agent", "gemini", "--yes"],
        ...["--model", "gemini:scripted-model", "--concurrency", "2"],
      ],
      { cwd: repo.root, env, timeoutMs: 90_000 },
    );

  it("stops the run within seconds when the key is refused, with the API's words", async () => {
    const server = await geminiServer({ apiKey: "gemini-right-key" });
    const repo = tempRepo(FILES);
    const started = Date.now();
    const result = await run(repo, geminiEnv(server, tempHome()));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /gemini's API at http:\/\/127\.0\.0\.1:\d+ refused its credentials \(GEMINI_API_KEY\): HTTP 401 .*UNAUTHENTICATED/,
    );
    const status = await statusJson(repo.root);
    expect(status.tasks.filter((t) => t.attempts > 0).length).toBeLessThanOrEqual(2);
  });

  it("stops the run when the endpoint does not answer, from the retries it reports", async () => {
    const server = await geminiServer();
    const repo = tempRepo(FILES);
    const result = await run(repo, {
      ...geminiEnv(server, tempHome()),
      GOOGLE_GEMINI_BASE_URL: "http://127.0.0.1:9",
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "gemini cannot reach its API at http://127.0.0.1:9 (Error: exception TypeError: fetch failed sending request). Check the endpoint and that it is up; every task would fail the same way.",
    );
  });

  it("refuses to start without a key, and says how to get one", async () => {
    const server = await geminiServer();
    const repo = tempRepo(FILES);
    const result = await run(repo, { ...geminiEnv(server, tempHome()), GEMINI_API_KEY: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "gemini is set to use a Gemini API key (~/.gemini/settings.json), and none is set. Export GEMINI_API_KEY (a Gemini API key from https://aistudio.google.com/apikey).",
    );
    expect(server.requests).toEqual([]);
  });

  it("refuses a Google login, which sub-agents do not use, and names the fix", async () => {
    const home = tempHome();
    mkdirSync(path.join(home, ".gemini"), { recursive: true });
    writeFileSync(
      path.join(home, ".gemini/oauth_creds.json"),
      JSON.stringify({ access_token: "ya29.x", refresh_token: "1//x", expiry_date: 0 }),
    );
    const repo = tempRepo(FILES);
    const result = await run(repo, { HOME: home, PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}` });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "gemini is logged in with Google (~/.gemini/oauth_creds.json), and sub-agents do not use that login",
    );
    expect(result.stderr).toContain("Export GEMINI_API_KEY");
  });
});

describeWhen("opencode's failures", agentClisMissing() ?? overlayMissing(), () => {
  const run = (repo: { root: string }, env: Record<string, string>, extra: string[] = []) =>
    armada(
      [
        ...["run", "Add a comment", "--each", "src/*.js", "--agent", "opencode", "--yes"],
        ...["--concurrency", "2", ...extra],
      ],
      { cwd: repo.root, env, timeoutMs: 90_000 },
    );

  it("stops the run within seconds when the key is refused", async () => {
    const server = await opencodeServer({ apiKey: "sk-opencode-right" });
    const repo = tempRepo(FILES);
    const started = Date.now();
    const result = await run(repo, opencodeEnv(server, tempHome()));
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /opencode's API at http:\/\/127\.0\.0\.1:\d+\/v1 refused its credentials \(SCRIPTED_API_KEY\): HTTP 401/,
    );
  });

  it("refuses to start when its provider's key variable is not set", async () => {
    const server = await opencodeServer();
    const repo = tempRepo(FILES);
    const result = await run(repo, { ...opencodeEnv(server, tempHome()), SCRIPTED_API_KEY: "" });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'opencode\'s provider "scripted" reads its key from SCRIPTED_API_KEY, which is not set. Export it.',
    );
    expect(server.requests).toEqual([]);
  });

  it("refuses a model whose provider it has no key for, and a login it cannot share", async () => {
    const server = await opencodeServer();
    const home = tempHome();
    const env = opencodeEnv(server, home);
    const repo = tempRepo(FILES);
    const noKey = await run(repo, env, ["--model", "opencode:anthropic/claude-sonnet-4-5"]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain(
      "opencode has no key for anthropic here. Export ANTHROPIC_API_KEY, or store a key with `opencode auth login`.",
    );
    mkdirSync(path.join(home, ".local/share/opencode"), { recursive: true });
    writeFileSync(
      path.join(home, ".local/share/opencode/auth.json"),
      JSON.stringify({ anthropic: { type: "oauth", refresh: "r", access: "a", expires: 0 } }),
    );
    const login = await run(tempRepo(FILES), env, ["--model", "anthropic:claude-sonnet-4-5"]);
    expect(login.code).toBe(2);
    expect(login.stderr).toContain(
      "opencode is logged in to anthropic (~/.local/share/opencode/auth.json), and sub-agents cannot share that login",
    );
    expect(server.requests).toEqual([]);
  });
});
