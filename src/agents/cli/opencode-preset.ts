import { readFileSync } from "node:fs";
import path from "node:path";
import { firstVersion, isObject, type JsonObject, num, obj, str, toolSummary } from "./cli-json.js";
import type { CliAuth, CliEvent, CliModel, CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";
import { readHomeJson } from "./read-home-json.js";

/** opencode's global configuration files, in the order it merges them (later wins). */
const CONFIGS = [
  ".config/opencode/config.json",
  ".config/opencode/opencode.json",
  ".config/opencode/opencode.jsonc",
];
const AUTH = ".local/share/opencode/auth.json";

/** The providers opencode knows without configuration: their API and their key variables. */
const PROVIDERS: Record<string, { url: string; keys: string[] }> = {
  anthropic: { url: "https://api.anthropic.com/v1", keys: ["ANTHROPIC_API_KEY"] },
  openai: { url: "https://api.openai.com/v1", keys: ["OPENAI_API_KEY"] },
  google: {
    url: "https://generativelanguage.googleapis.com/v1beta",
    keys: ["GOOGLE_GENERATIVE_AI_API_KEY", "GEMINI_API_KEY"],
  },
  openrouter: { url: "https://openrouter.ai/api/v1", keys: ["OPENROUTER_API_KEY"] },
  groq: { url: "https://api.groq.com/openai/v1", keys: ["GROQ_API_KEY"] },
  mistral: { url: "https://api.mistral.ai/v1", keys: ["MISTRAL_API_KEY"] },
  xai: { url: "https://api.x.ai/v1", keys: ["XAI_API_KEY"] },
  deepseek: { url: "https://api.deepseek.com", keys: ["DEEPSEEK_API_KEY"] },
  opencode: { url: "https://opencode.ai/zen/v1", keys: ["OPENCODE_API_KEY"] },
};

const ENV_REF = /\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** JSON with comments and trailing commas, as opencode accepts it in its .jsonc file. */
function parseJsonc(text: string): JsonObject | undefined {
  const plain = text
    .replace(/("(?:\\.|[^"\\])*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, string) => string ?? "")
    .replace(/,(\s*[}\]])/g, "$1");
  try {
    const value: unknown = JSON.parse(plain);
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function merge(base: JsonObject, over: JsonObject): JsonObject {
  const merged: JsonObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = merged[key];
    merged[key] = isObject(before) && isObject(value) ? merge(before, value) : value;
  }
  return merged;
}

/** The texts of the user's configuration: the global files, then OPENCODE_CONFIG_CONTENT. */
function configTexts(host: NodeJS.ProcessEnv, home: string): string[] {
  const texts = CONFIGS.flatMap((file) => {
    try {
      return [readFileSync(path.join(home, file), "utf8")];
    } catch {
      return [];
    }
  });
  return host.OPENCODE_CONFIG_CONTENT ? [...texts, host.OPENCODE_CONFIG_CONTENT] : texts;
}

function opencodeConfig(host: NodeJS.ProcessEnv, home: string): JsonObject {
  return configTexts(host, home).reduce<JsonObject>(
    (config, text) => merge(config, parseJsonc(text) ?? {}),
    {},
  );
}

/** `provider/model` as opencode names a model: `opencode:anthropic/x` or `anthropic:x`. */
function opencodeModel(model: CliModel): string {
  return model.provider === "opencode" && model.modelId.includes("/")
    ? model.modelId
    : `${model.provider}/${model.modelId}`;
}

/**
 * The provider opencode will call: the chosen model's, else the configured model's, else the
 * first known provider whose key is set (opencode picks a model of one it has a key for).
 */
function providerOf(
  host: NodeJS.ProcessEnv,
  home: string,
  model: CliModel | undefined,
): string | undefined {
  const named = model ? opencodeModel(model) : str(opencodeConfig(host, home).model);
  if (named?.includes("/")) return named.slice(0, named.indexOf("/"));
  return (
    Object.keys(PROVIDERS).find((id) => PROVIDERS[id]?.keys.some((key) => host[key])) ??
    Object.keys(readHomeJson(home, AUTH) ?? {})[0]
  );
}

const LOGIN_FIX = "or store a key with `opencode auth login`";

function storedAuth(home: string, provider: string, keys: string[]): CliAuth | undefined {
  const stored = obj(readHomeJson(home, AUTH)?.[provider]);
  const source = `~/${AUTH}`;
  if (stored.type === "api" && str(stored.key)) return { source, kind: "key" };
  if (stored.type === "oauth")
    return {
      source,
      kind: "login",
      refusal: `opencode is logged in to ${provider} (${source}), and sub-agents cannot share that login: parallel sandboxes renewing it would race, and the file is read-only to them. Export ${keys.join(" or ") || "the provider's key"}, ${LOGIN_FIX}.`,
    };
  return undefined;
}

export const opencodePreset: CliPreset = {
  name: "opencode",
  executable: "opencode",
  install: "npm install -g opencode-ai",
  minVersion: "1.0.0",
  parseVersion: firstVersion,
  env: (host, home) => {
    const referenced = configTexts(host, home).flatMap((text) =>
      [...text.matchAll(ENV_REF)].map((match) => match[1] ?? ""),
    );
    return pickEnv(host, [
      "OPENCODE_CONFIG_CONTENT",
      ...referenced,
      ...Object.values(PROVIDERS).flatMap((provider) => provider.keys),
    ]);
  },
  fixedEnv: {
    // Its model list (models.dev) and its updates are fetched from hosts the sandbox does not reach.
    OPENCODE_DISABLE_MODELS_FETCH: "1",
    OPENCODE_DISABLE_AUTOUPDATE: "1",
    OPENCODE_DISABLE_LSP_DOWNLOAD: "1",
    OPENCODE_DISABLE_SHARE: "1",
  },
  homeFiles: [...CONFIGS, ".config/opencode/AGENTS.md", AUTH],
  provider: (host, home, model) => providerOf(host, home, model) ?? "opencode",
  endpoint: (host, home, model) => {
    const provider = providerOf(host, home, model);
    if (!provider) return "the default provider's API";
    const own = obj(obj(obj(opencodeConfig(host, home).provider)[provider]).options);
    return str(own.baseURL) ?? PROVIDERS[provider]?.url ?? `${provider}'s API`;
  },
  auth: (host, home, _now, model) => {
    const provider = providerOf(host, home, model);
    if (!provider)
      return {
        source: "nothing",
        kind: "none",
        refusal: `opencode has no model and no key here. Set "model": "<provider>/<model>" in ~/${CONFIGS[1]} and export that provider's key, ${LOGIN_FIX}.`,
      };
    const own = obj(obj(opencodeConfig(host, home).provider)[provider]);
    const keys = [
      ...(PROVIDERS[provider]?.keys ?? []),
      ...(Array.isArray(own.env) ? own.env.map(String) : []),
    ];
    const apiKey = str(obj(own.options).apiKey);
    if (apiKey) {
      const name = /^\{env:(\w+)\}$/.exec(apiKey)?.[1];
      if (!name) return { source: `${provider}'s apiKey in opencode's configuration`, kind: "key" };
      return host[name]
        ? { source: name, kind: "key" }
        : {
            source: "nothing",
            kind: "none",
            refusal: `opencode's provider "${provider}" reads its key from ${name}, which is not set. Export it.`,
          };
    }
    const key = keys.find((name) => host[name]);
    if (key) return { source: key, kind: "key" };
    return (
      storedAuth(home, provider, keys) ?? {
        source: "nothing",
        kind: "none",
        refusal: `opencode has no key for ${provider} here. Export ${keys.join(" or ") || `its key and name it in ${provider}'s options.apiKey ("{env:NAME}")`}, ${LOGIN_FIX}.`,
      }
    );
  },
  args: ({ prompt, model }) => [
    "run",
    "--format",
    "json",
    // A title of its own would cost a model call before the task's.
    "--title",
    "armada",
    ...(model ? ["-m", opencodeModel(model)] : []),
    prompt,
  ],
  parse: parseOpencodeEvent,
};

/** opencode's error (`{name: "APIError", data: {message, statusCode}}`) as armada's. */
function failure(error: JsonObject): CliEvent[] {
  const data = obj(error.data);
  const message = str(data.message) ?? str(error.name) ?? "opencode reported an error";
  const events: CliEvent[] = [];
  if (typeof data.statusCode === "number")
    events.push({ kind: "api-retry", status: data.statusCode, message });
  else if (message.startsWith("Cannot connect to API"))
    events.push({ kind: "api-retry", status: null, message });
  events.push({ kind: "error", message });
  return events;
}

/** One line of `opencode run --format json`. */
export function parseOpencodeEvent(line: unknown): CliEvent[] {
  const event = obj(line);
  const part = obj(event.part);
  switch (event.type) {
    case "tool_use": {
      // Emitted once the tool has finished: its call and its result together.
      const name = str(part.tool) ?? "tool";
      const state = obj(part.state);
      const id = str(part.callID) ?? "";
      return [
        { kind: "api-ok" },
        {
          kind: "tool-call",
          id,
          name,
          input: state.input,
          summary: toolSummary(name, state.input),
        },
        {
          kind: "tool-result",
          id,
          output: str(state.output) ?? str(state.error) ?? "",
          error: state.status === "error",
        },
      ];
    }
    case "text":
      return str(part.text) ? [{ kind: "api-ok" }, { kind: "text", text: `${part.text}` }] : [];
    case "step_finish": {
      const tokens = obj(part.tokens);
      const cache = obj(tokens.cache);
      const cost = num(part.cost);
      return [
        {
          kind: "model-call",
          id: str(part.id) ?? str(part.messageID) ?? "",
          tokens: num(tokens.input) + num(tokens.output),
          more: part.reason === "tool-calls",
        },
        {
          kind: "usage",
          // Each step's own tokens: the run's are their sum.
          total: false,
          usage: {
            inputTokens: num(tokens.input) + num(cache.read) + num(cache.write),
            outputTokens: num(tokens.output),
            // 0 when the model has no price in opencode's list: unknown, not free.
            costUsd: cost > 0 ? cost : undefined,
          },
        },
      ];
    }
    case "error":
      return failure(obj(event.error));
    default:
      return [];
  }
}
