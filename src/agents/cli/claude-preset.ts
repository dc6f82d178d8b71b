import { arr, firstVersion, num, obj, resultText, str, toolSummary } from "./cli-json.js";
import type { CliAuth, CliEvent, CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";
import { readHomeJson } from "./read-home-json.js";

const SETTINGS = ".claude/settings.json";
const CREDENTIALS = ".claude/.credentials.json";

/** Amazon Bedrock's and Google Vertex's variables, passed only when claude is set to use them. */
const BEDROCK = [
  "AWS_REGION",
  "AWS_DEFAULT_REGION",
  "AWS_ACCESS_KEY_ID",
  "AWS_SECRET_ACCESS_KEY",
  "AWS_SESSION_TOKEN",
  "AWS_BEARER_TOKEN_BEDROCK",
];
const VERTEX = ["CLOUD_ML_REGION", "GOOGLE_CLOUD_PROJECT", "GCLOUD_PROJECT"];

/** A login's access token is handed over only when it outlives any attempt by a margin. */
const TOKEN_MARGIN_MS = 2 * 60 * 60 * 1000;

const FIX =
  "Export ANTHROPIC_API_KEY, or run `claude setup-token` and export the token it prints as CLAUDE_CODE_OAUTH_TOKEN";

/** The variables claude's own settings set for it (`env` in ~/.claude/settings.json). */
function settingsEnv(home: string): Record<string, string> {
  const env = obj(readHomeJson(home, SETTINGS)?.env);
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}

function loginAuth(home: string, now: number): CliAuth | undefined {
  const login = obj(readHomeJson(home, CREDENTIALS)?.claudeAiOauth);
  const token = str(login.accessToken);
  if (!token) return undefined;
  const source = `~/${CREDENTIALS}`;
  const expiresAt = num(login.expiresAt);
  if (expiresAt > now + TOKEN_MARGIN_MS)
    return { source, kind: "login", env: { CLAUDE_CODE_OAUTH_TOKEN: token } };
  return {
    source,
    kind: "login",
    refusal: `claude's login (${source}) ${expiresAt > now ? "expires within two hours" : "has expired"}, and sub-agents cannot renew it: parallel sandboxes renewing one login would race. ${FIX}.`,
  };
}

export const claudePreset: CliPreset = {
  name: "claude",
  executable: "claude",
  install: "npm install -g @anthropic-ai/claude-code",
  minVersion: "2.0.0",
  parseVersion: firstVersion,
  env: (host) => {
    const useBedrock = Boolean(host.CLAUDE_CODE_USE_BEDROCK);
    const useVertex = Boolean(host.CLAUDE_CODE_USE_VERTEX);
    return pickEnv(
      host,
      [...(useBedrock ? BEDROCK : []), ...(useVertex ? VERTEX : [])],
      ["ANTHROPIC_", "CLAUDE_CODE_"],
    );
  },
  fixedEnv: {
    // Armada's sandbox is the isolation claude asks for before it skips its permission prompts.
    IS_SANDBOX: "1",
    DISABLE_AUTOUPDATER: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
  },
  provider: () => "anthropic",
  homeFiles: [SETTINGS, ".claude/CLAUDE.md"],
  endpoint: (host, home) => {
    const env = { ...settingsEnv(home), ...host };
    if (env.CLAUDE_CODE_USE_BEDROCK) {
      const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1";
      return env.ANTHROPIC_BEDROCK_BASE_URL ?? `https://bedrock-runtime.${region}.amazonaws.com`;
    }
    if (env.CLAUDE_CODE_USE_VERTEX) {
      const region = env.CLOUD_ML_REGION ?? "global";
      const host =
        region === "global" ? "aiplatform.googleapis.com" : `${region}-aiplatform.googleapis.com`;
      return env.ANTHROPIC_VERTEX_BASE_URL ?? `https://${host}`;
    }
    return env.ANTHROPIC_BASE_URL ?? "https://api.anthropic.com";
  },
  auth: (host, home, now) => {
    const env = { ...settingsEnv(home), ...host };
    if (env.CLAUDE_CODE_USE_BEDROCK) return { source: "CLAUDE_CODE_USE_BEDROCK", kind: "cloud" };
    if (env.CLAUDE_CODE_USE_VERTEX) return { source: "CLAUDE_CODE_USE_VERTEX", kind: "cloud" };
    for (const name of ["ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN"]) {
      if (env[name]) return { source: name, kind: name === "ANTHROPIC_API_KEY" ? "key" : "token" };
    }
    if (str(readHomeJson(home, SETTINGS)?.apiKeyHelper))
      return { source: `apiKeyHelper in ~/${SETTINGS}`, kind: "key" };
    return (
      loginAuth(home, now) ?? {
        source: "nothing",
        kind: "none",
        refusal: `claude has no key and no login here. ${FIX}.`,
      }
    );
  },
  args: ({ prompt, model, isolated }) => [
    "-p",
    prompt,
    "--output-format",
    "stream-json",
    "--verbose",
    "--permission-mode",
    // Outside a sandbox that isolates it, claude may edit files but asks before commands.
    isolated ? "bypassPermissions" : "acceptEdits",
    ...(model ? ["--model", model.modelId] : []),
  ],
  parse: parseClaudeEvent,
};

/** One line of `claude -p --output-format stream-json --verbose`. */
export function parseClaudeEvent(line: unknown): CliEvent[] {
  const event = obj(line);
  const message = obj(event.message);
  switch (event.type) {
    case "system":
      if (event.subtype !== "api_retry") return [];
      return [
        {
          kind: "api-retry",
          status: typeof event.error_status === "number" ? event.error_status : null,
          message: str(event.error) ?? "unknown error",
        },
      ];
    case "assistant": {
      // Claude writes its own errors ("Not logged in") as messages of a synthetic model.
      const content = arr(message.content).map(obj);
      const usage = obj(message.usage);
      const events: CliEvent[] =
        message.model === "<synthetic>"
          ? []
          : [
              { kind: "api-ok" },
              {
                kind: "model-call",
                id: str(message.id) ?? "",
                tokens: num(usage.input_tokens) + num(usage.output_tokens),
                more: content.some((part) => part.type === "tool_use"),
              },
            ];
      for (const part of content) {
        if (part.type === "text" && str(part.text))
          events.push({ kind: "text", text: `${part.text}` });
        if (part.type === "tool_use") {
          const name = str(part.name) ?? "tool";
          events.push({
            kind: "tool-call",
            id: str(part.id) ?? "",
            name,
            input: part.input,
            summary: toolSummary(name, part.input),
          });
        }
      }
      return events;
    }
    case "user":
      return arr(message.content)
        .map(obj)
        .filter((part) => part.type === "tool_result")
        .map((part) => ({
          kind: "tool-result" as const,
          id: str(part.tool_use_id) ?? "",
          output: resultText(part.content),
          error: part.is_error === true,
        }));
    case "result": {
      const usage = obj(event.usage);
      const events: CliEvent[] = [
        {
          kind: "usage",
          total: true,
          usage: {
            inputTokens:
              num(usage.input_tokens) +
              num(usage.cache_read_input_tokens) +
              num(usage.cache_creation_input_tokens),
            outputTokens: num(usage.output_tokens),
            costUsd: typeof event.total_cost_usd === "number" ? event.total_cost_usd : undefined,
          },
        },
      ];
      if (event.is_error === true || (event.subtype !== "success" && event.subtype !== undefined))
        events.push({
          kind: "error",
          message: str(event.result) ?? str(event.subtype) ?? "claude reported an error",
        });
      return events;
    }
    default:
      return [];
  }
}
