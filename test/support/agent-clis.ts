import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import {
  type ModelServer,
  type RecordedRequest,
  type ScriptedReply,
  startModelServer,
} from "../../src/test-support/scripted-model-server.js";

/** The real agent CLIs at the versions test/agent-clis/package.json pins. */
export const AGENT_CLIS_BIN = path.resolve(import.meta.dirname, "../agent-clis/node_modules/.bin");

export function agentClisMissing(): string | undefined {
  return existsSync(path.join(AGENT_CLIS_BIN, "claude"))
    ? undefined
    : "the agent CLIs are not installed (npm install --prefix test/agent-clis --no-save)";
}

/** Undone when the test ends; a benchmark, which runs outside any test, undoes it itself. */
function afterTest(undo: () => unknown): void {
  if (process.env.VITEST) onTestFinished(async () => void (await undo()));
}

/** The file a task prompt names in its scope (`- src/x.js`). */
export function scopeFile(request: RecordedRequest): string | undefined {
  return /- (src\/[\w.-]+\.js)/.exec(JSON.stringify(request.body))?.[1];
}

/** A temporary $HOME: the developer's own logins and settings never reach a test. */
export function tempHome(): string {
  const home = mkdtempSync(path.join(tmpdir(), "armada-home-"));
  afterTest(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

export interface ClaudeScript {
  /** Calls are refused unless they carry this key. */
  apiKey?: string;
  /** The shell command claude runs for a task's file (default: append a comment to it). */
  command?: (file: string) => string;
  /** Instead of any tool call, claude only says this. */
  say?: string;
}

/**
 * A scripted Anthropic API for claude: on its first turn for a task it runs one shell command
 * (the Bash tool) appending a line to the task's file, then says it is done.
 */
export async function claudeServer(script: ClaudeScript = {}): Promise<ModelServer> {
  const command = script.command ?? ((file) => `echo '// edited by claude' >> ${file}`);
  const server = await startModelServer(
    (request): ScriptedReply => {
      const body = JSON.stringify(request.body);
      if (body.includes('"tool_result"')) return { text: "Done: added the comment." };
      const file = scopeFile(request);
      if (!file) return { text: "OK" };
      if (script.say) return { text: script.say };
      return {
        toolCalls: [{ name: "Bash", input: { command: command(file) } }],
        usage: { input: 120, output: 30 },
      };
    },
    script.apiKey ? { apiKey: script.apiKey } : {},
  );
  afterTest(() => server.close());
  return server;
}

/** The variables that point claude at a scripted server. */
export function claudeEnv(server: ModelServer, home: string): Record<string, string> {
  return {
    HOME: home,
    PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}`,
    ANTHROPIC_BASE_URL: server.baseUrl.replace(/\/v1$/, ""),
    ANTHROPIC_API_KEY: "sk-ant-test",
  };
}

/** A file of the scope as the tests write it: `export const f1 = 1;` for src/f1.js. */
function firstLine(file: string): string {
  const n = /f(\d+)\.js$/.exec(file)?.[1] ?? "0";
  return `export const f${n} = ${n};`;
}

/**
 * A scripted OpenAI Responses API for codex: on its first turn for a task it patches the
 * task's file with its apply_patch tool (a custom tool call, as codex's model makes it), then
 * says it is done.
 */
export async function codexServer(
  script: { say?: string; apiKey?: string } = {},
): Promise<ModelServer> {
  const server = await startModelServer(
    (request): ScriptedReply => {
      const body = JSON.stringify(request.body);
      if (body.includes("custom_tool_call_output")) return { text: "Done: patched the file." };
      const file = scopeFile(request);
      if (!file) return { text: "OK" };
      if (script.say) return { text: script.say };
      const patch = [
        "*** Begin Patch",
        `*** Update File: ${file}`,
        "@@",
        ` ${firstLine(file)}`,
        "+// edited by codex",
        "*** End Patch",
        "",
      ].join("\n");
      return {
        toolCalls: [{ name: "apply_patch", input: patch }],
        usage: { input: 200, output: 40 },
      };
    },
    script.apiKey ? { apiKey: script.apiKey } : {},
  );
  afterTest(() => server.close());
  return server;
}

/** A user's codex setup pointing at a scripted server: a provider of their own in config.toml. */
export function codexEnv(server: ModelServer, home: string): Record<string, string> {
  mkdirSync(path.join(home, ".codex"), { recursive: true });
  writeFileSync(
    path.join(home, ".codex/config.toml"),
    [
      'model = "gpt-5.5"',
      'model_provider = "scripted"',
      "",
      "[model_providers.scripted]",
      'name = "Scripted"',
      `base_url = "${server.baseUrl}"`,
      'env_key = "SCRIPTED_API_KEY"',
      'wire_api = "responses"',
      "",
    ].join("\n"),
  );
  return {
    HOME: home,
    PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}`,
    SCRIPTED_API_KEY: "sk-codex-test",
  };
}

/**
 * A scripted Gemini API for gemini: on its first turn for a task it edits the task's file with
 * its replace tool, then says it is done.
 */
export async function geminiServer(
  script: { say?: string; apiKey?: string } = {},
): Promise<ModelServer> {
  const server = await startModelServer(
    (request): ScriptedReply => {
      const body = JSON.stringify(request.body);
      if (body.includes('"functionResponse"')) return { text: "Done: replaced the line." };
      const file = scopeFile(request);
      if (!file) return { text: "OK" };
      if (script.say) return { text: script.say };
      return {
        toolCalls: [
          {
            name: "replace",
            input: {
              file_path: file,
              instruction: "Add a comment after the first line",
              old_string: firstLine(file),
              new_string: `${firstLine(file)}\n// edited by gemini`,
            },
          },
        ],
        usage: { input: 150, output: 20 },
      };
    },
    script.apiKey ? { apiKey: script.apiKey } : {},
  );
  afterTest(() => server.close());
  return server;
}

/** A user's gemini setup pointing at a scripted server: the API-key auth type in settings.json. */
export function geminiEnv(server: ModelServer, home: string): Record<string, string> {
  mkdirSync(path.join(home, ".gemini"), { recursive: true });
  writeFileSync(
    path.join(home, ".gemini/settings.json"),
    JSON.stringify({ security: { auth: { selectedType: "gemini-api-key" } } }, null, 2),
  );
  return {
    HOME: home,
    PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}`,
    GEMINI_API_KEY: "gemini-test-key",
    GOOGLE_GEMINI_BASE_URL: new URL(server.baseUrl).origin,
  };
}

/**
 * A scripted OpenAI chat completions API for opencode: on its first turn for a task it edits the
 * task's file with its edit tool, then says it is done.
 */
export async function opencodeServer(
  script: { say?: string; apiKey?: string } = {},
): Promise<ModelServer> {
  const server = await startModelServer(
    (request): ScriptedReply => {
      const body = JSON.stringify(request.body);
      if (body.includes('"role":"tool"')) return { text: "Done: edited the file." };
      const file = scopeFile(request);
      if (!file) return { text: "OK" };
      if (script.say) return { text: script.say };
      return {
        toolCalls: [
          {
            name: "edit",
            input: {
              filePath: file,
              oldString: firstLine(file),
              newString: `${firstLine(file)}\n// edited by opencode`,
            },
          },
        ],
        usage: { input: 180, output: 25 },
      };
    },
    script.apiKey ? { apiKey: script.apiKey } : {},
  );
  afterTest(() => server.close());
  return server;
}

/**
 * A user's opencode setup pointing at a scripted server: a provider of their own in
 * ~/.config/opencode/opencode.json, its key read from a variable.
 */
export function opencodeEnv(server: ModelServer, home: string): Record<string, string> {
  mkdirSync(path.join(home, ".config/opencode"), { recursive: true });
  writeFileSync(
    path.join(home, ".config/opencode/opencode.json"),
    JSON.stringify(
      {
        $schema: "https://opencode.ai/config.json",
        provider: {
          scripted: {
            npm: "@ai-sdk/openai-compatible",
            name: "Scripted",
            options: { baseURL: server.baseUrl, apiKey: "{env:SCRIPTED_API_KEY}" },
            models: { "scripted-model": { name: "Scripted", tool_call: true } },
          },
        },
        model: "scripted/scripted-model",
      },
      null,
      2,
    ),
  );
  return {
    HOME: home,
    PATH: `${AGENT_CLIS_BIN}:${process.env.PATH}`,
    SCRIPTED_API_KEY: "sk-opencode-test",
  };
}
