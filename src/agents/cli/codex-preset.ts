import { readFileSync } from "node:fs";
import path from "node:path";
import { arr, firstVersion, num, obj, str, toolSummary } from "./cli-json.js";
import type { CliAuth, CliEvent, CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";
import { readHomeJson } from "./read-home-json.js";

const CONFIG = ".codex/config.toml";
const AUTH = ".codex/auth.json";

/** The settings of codex's config.toml that armada needs: which provider, and its address. */
interface CodexConfig {
  provider: string | undefined;
  baseUrl: string | undefined;
  envKey: string | undefined;
}

/**
 * Reads the few keys armada needs from ~/.codex/config.toml (`model_provider`, and that
 * provider's `base_url` and `env_key`): a line reader, not a TOML parser, since codex itself
 * reads the file in the sandbox and these keys are plain strings.
 */
function codexConfig(home: string): CodexConfig {
  let text = "";
  try {
    text = readFileSync(path.join(home, CONFIG), "utf8");
  } catch {
    return { provider: undefined, baseUrl: undefined, envKey: undefined };
  }
  let table = "";
  const values = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header?.[1]) {
      table = header[1].trim();
      continue;
    }
    const pair = /^([\w.-]+)\s*=\s*"([^"]*)"$/.exec(line);
    if (pair?.[1] && pair[2] !== undefined)
      values.set(table ? `${table}.${pair[1]}` : pair[1], pair[2]);
  }
  const provider = values.get("model_provider");
  const own = (key: string) =>
    provider ? values.get(`model_providers.${provider}.${key}`) : undefined;
  return {
    provider,
    baseUrl: own("base_url") ?? values.get("openai_base_url"),
    envKey: own("env_key"),
  };
}

const FIX =
  "Export CODEX_API_KEY (or run `codex login --with-api-key`), which every sandbox can share";

function loginAuth(home: string): CliAuth | undefined {
  const login = readHomeJson(home, AUTH);
  if (!login) return undefined;
  const source = `~/${AUTH}`;
  const key = str(login.OPENAI_API_KEY);
  if (login.auth_mode === "apikey" || (key && !login.tokens))
    return key ? { source, kind: "key", env: { CODEX_API_KEY: key } } : undefined;
  return {
    source,
    kind: "login",
    refusal: `codex is logged in with ChatGPT (${source}), and that login cannot be shared by parallel sandboxes: its refresh tokens are single-use, so copies renewing it would log each other (and you) out. ${FIX}.`,
  };
}

export const codexPreset: CliPreset = {
  name: "codex",
  executable: "codex",
  install: "npm install -g @openai/codex",
  minVersion: "0.100.0",
  parseVersion: firstVersion,
  env: (host, home) => {
    const own = codexConfig(home).envKey;
    return pickEnv(host, ["CODEX_API_KEY", "OPENAI_BASE_URL", ...(own ? [own] : [])]);
  },
  fixedEnv: {},
  provider: () => "openai",
  homeFiles: [CONFIG, ".codex/AGENTS.md"],
  endpoint: (host, home) =>
    codexConfig(home).baseUrl ?? host.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
  auth: (host, home) => {
    const config = codexConfig(home);
    if (config.envKey) {
      return host[config.envKey]
        ? { source: config.envKey, kind: "key" }
        : {
            source: "nothing",
            kind: "none",
            refusal: `codex's provider "${config.provider}" (~/${CONFIG}) reads its key from ${config.envKey}, which is not set. Export it.`,
          };
    }
    if (host.CODEX_API_KEY) return { source: "CODEX_API_KEY", kind: "key" };
    return (
      loginAuth(home) ?? {
        source: "nothing",
        kind: "none",
        refusal: `codex has no key and no login here${host.OPENAI_API_KEY ? " (codex exec does not read OPENAI_API_KEY)" : ""}. ${FIX}.`,
      }
    );
  },
  args: ({ prompt, model }) => [
    "exec",
    "--json",
    "--skip-git-repo-check",
    // Armada's sandbox isolates codex; its own (bubblewrap, landlock) cannot nest in ours.
    "--dangerously-bypass-approvals-and-sandbox",
    // Unknown keys are ignored by codex, so these are safe on any version.
    "-c",
    "analytics.enabled=false",
    ...(model ? ["--model", model.modelId] : []),
    prompt,
  ],
  parse: parseCodexEvent,
};

/** `/bin/bash -lc "cmd"` as codex reports a command: the command. */
function command(item: Record<string, unknown>): string {
  const text = Array.isArray(item.command) ? item.command.map(String).join(" ") : str(item.command);
  return (text ?? "").replace(/^\/bin\/(ba)?sh -lc ["']?([\s\S]*?)["']?$/, "$2");
}

/** A failure codex reports (`Reconnecting... 2/5 (unexpected status 401 ...)`) as armada's. */
function failure(message: string): CliEvent {
  const status = /unexpected status (\d{3})/.exec(message)?.[1];
  if (status) return { kind: "api-retry", status: Number(status), message };
  if (/Connection failed|error sending request|waiting for network/.test(message))
    return { kind: "api-retry", status: null, message };
  return { kind: "text", text: message };
}

/** One line of `codex exec --json`. */
export function parseCodexEvent(line: unknown): CliEvent[] {
  const event = obj(line);
  const item = obj(event.item);
  const id = str(item.id) ?? "";
  switch (event.type) {
    case "item.started":
      if (item.type === "command_execution") {
        const cmd = command(item);
        return [
          { kind: "api-ok" },
          {
            kind: "tool-call",
            id,
            name: "shell",
            input: { command: cmd },
            summary: `shell ${cmd}`,
          },
        ];
      }
      if (item.type === "file_change") {
        const changes = arr(item.changes).map(obj);
        return [
          { kind: "api-ok" },
          {
            kind: "tool-call",
            id,
            name: "apply_patch",
            input: changes,
            summary: `apply_patch ${changes.map((c) => `${str(c.kind) ?? ""} ${str(c.path) ?? ""}`.trim()).join(", ")}`,
          },
        ];
      }
      if (item.type === "mcp_tool_call") {
        const name = `${str(item.server) ?? "mcp"}.${str(item.tool) ?? "tool"}`;
        return [
          {
            kind: "tool-call",
            id,
            name,
            input: item.arguments,
            summary: toolSummary(name, item.arguments),
          },
        ];
      }
      return [];
    case "item.completed":
      if (item.type === "agent_message" && str(item.text))
        return [{ kind: "api-ok" }, { kind: "text", text: `${item.text}` }];
      if (item.type === "command_execution")
        return [
          {
            kind: "tool-result",
            id,
            output: str(item.aggregated_output) ?? "",
            error: num(item.exit_code) !== 0,
          },
        ];
      if (item.type === "file_change")
        return [
          {
            kind: "tool-result",
            id,
            output: str(item.status) ?? "",
            error: item.status === "failed",
          },
        ];
      if (item.type === "error" && str(item.message))
        return [{ kind: "text", text: `${item.message}` }];
      return [];
    case "turn.completed": {
      const usage = obj(event.usage);
      return [
        { kind: "api-ok" },
        {
          kind: "usage",
          total: true,
          usage: { inputTokens: num(usage.input_tokens), outputTokens: num(usage.output_tokens) },
        },
      ];
    }
    case "error":
      return [failure(str(event.message) ?? "error")];
    case "turn.failed":
      return [{ kind: "error", message: str(obj(event.error).message) ?? "the turn failed" }];
    default:
      return [];
  }
}
