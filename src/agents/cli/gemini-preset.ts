import { existsSync } from "node:fs";
import path from "node:path";
import { firstVersion, num, obj, str, toolSummary } from "./cli-json.js";
import type { CliAuth, CliEvent, CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";
import { readHomeJson } from "./read-home-json.js";

const SETTINGS = ".gemini/settings.json";
const LOGIN = ".gemini/oauth_creds.json";

const FIX = "Export GEMINI_API_KEY (a Gemini API key from https://aistudio.google.com/apikey)";

/**
 * The auth type gemini itself picks in headless mode: the one chosen in its settings, else
 * the one its variables imply (in gemini's own order of precedence).
 */
function authType(host: NodeJS.ProcessEnv, home: string): string | undefined {
  const chosen = str(obj(obj(readHomeJson(home, SETTINGS)?.security).auth).selectedType);
  if (chosen) return chosen;
  if (host.GOOGLE_GENAI_USE_GCA === "true") return "oauth-personal";
  if (host.GOOGLE_GENAI_USE_VERTEXAI === "true") return "vertex-ai";
  if (host.GOOGLE_GEMINI_BASE_URL) return "gateway";
  if (host.GEMINI_API_KEY) return "gemini-api-key";
  return undefined;
}

function refused(refusal: string, source = "nothing"): CliAuth {
  return { source, kind: "none", refusal };
}

export const geminiPreset: CliPreset = {
  name: "gemini",
  executable: "gemini",
  install: "npm install -g @google/gemini-cli",
  minVersion: "0.10.0",
  parseVersion: firstVersion,
  // GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION are left out: with them the Google SDK drops
  // GOOGLE_API_KEY for Application Default Credentials, whose key file
  // (GOOGLE_APPLICATION_CREDENTIALS, anywhere on disk) is not shown in the sandbox and whose
  // token exchange (oauth2.googleapis.com) is not its endpoint. Vertex AI runs in express mode.
  env: (host) =>
    pickEnv(host, [
      "GEMINI_API_KEY",
      "GOOGLE_API_KEY",
      "GOOGLE_GEMINI_BASE_URL",
      "GOOGLE_VERTEX_BASE_URL",
      "GOOGLE_GENAI_USE_VERTEXAI",
      "GEMINI_API_KEY_AUTH_MECHANISM",
      "GEMINI_MODEL",
    ]),
  fixedEnv: {
    // Armada's sandbox isolates gemini; its own (a docker image it pulls) cannot nest in ours.
    GEMINI_SANDBOX: "false",
    // Otherwise gemini relaunches itself in a child and the parent ignores SIGTERM.
    GEMINI_CLI_NO_RELAUNCH: "true",
    // As --skip-trust does, also when the configuration replaces the preset's flags.
    GEMINI_CLI_TRUST_WORKSPACE: "true",
  },
  provider: () => "gemini",
  homeFiles: [SETTINGS, ".gemini/GEMINI.md"],
  endpoint: (host, home) =>
    authType(host, home) === "vertex-ai"
      ? (host.GOOGLE_VERTEX_BASE_URL ?? "https://aiplatform.googleapis.com")
      : (host.GOOGLE_GEMINI_BASE_URL ?? "https://generativelanguage.googleapis.com"),
  auth: (host, home) => {
    const type = authType(host, home);
    if (type === "gemini-api-key")
      return host.GEMINI_API_KEY
        ? { source: "GEMINI_API_KEY", kind: "key" }
        : refused(
            `gemini is set to use a Gemini API key (~/${SETTINGS}), and none is set. ${FIX}.`,
          );
    if (type === "vertex-ai")
      return host.GOOGLE_API_KEY
        ? { source: "GOOGLE_API_KEY", kind: "cloud" }
        : refused(
            `gemini is set to use Vertex AI with Application Default Credentials, which sub-agents cannot reach (their key file and token exchange are outside the sandbox). Export GOOGLE_API_KEY for Vertex AI express mode, or ${FIX.replace("Export", "export")}.`,
          );
    if (type === "gateway")
      return refused(
        `gemini does not run headless with GOOGLE_GEMINI_BASE_URL unless ~/${SETTINGS} chooses its auth type. Set "security": {"auth": {"selectedType": "gemini-api-key"}} there and ${FIX.replace("Export", "export")}.`,
      );
    // Google logins (oauth-personal, and Code Assist's endpoints behind it) and the metadata
    // server's credentials are not reachable through a sandbox that sees only one endpoint.
    if (type || existsSync(path.join(home, LOGIN)))
      return refused(
        `gemini is logged in with Google (${type ?? `~/${LOGIN}`}), and sub-agents do not use that login: it talks to Code Assist's endpoints and renews itself into a file every sandbox would share. ${FIX}.`,
        type ?? `~/${LOGIN}`,
      );
    return refused(`gemini has no key here. ${FIX}.`);
  },
  args: ({ prompt, model }) => [
    "-p",
    prompt,
    // Without it gemini may not edit files or run commands headless.
    "--yolo",
    "--skip-trust",
    "--output-format",
    "stream-json",
    // Without a model gemini routes each turn through an extra classifier call.
    ...(model ? ["--model", model.modelId] : []),
  ],
  parse: parseGeminiEvent,
  parseText: parseGeminiText,
};

/** The HTTP status in an API error gemini reports (`[API Error: {"error":{"code":401,...`). */
function errorStatus(message: string): number | undefined {
  const code = /"code":\s*(\d{3})/.exec(message)?.[1];
  return code ? Number(code) : undefined;
}

/** One line of `gemini -p --output-format stream-json`. */
export function parseGeminiEvent(line: unknown): CliEvent[] {
  const event = obj(line);
  switch (event.type) {
    case "message":
      if (event.role !== "assistant" || !str(event.content)) return [];
      return [{ kind: "api-ok" }, { kind: "text", text: `${event.content}`, delta: true }];
    case "tool_use": {
      const name = str(event.tool_name) ?? "tool";
      return [
        { kind: "api-ok" },
        {
          kind: "tool-call",
          id: str(event.tool_id) ?? "",
          name,
          input: event.parameters,
          summary: toolSummary(name, event.parameters),
        },
      ];
    }
    case "tool_result": {
      const error = obj(event.error);
      return [
        {
          kind: "tool-result",
          id: str(event.tool_id) ?? "",
          output: str(event.output) ?? str(error.message) ?? "",
          error: event.status !== "success",
        },
      ];
    }
    case "result": {
      const stats = obj(event.stats);
      const events: CliEvent[] = [
        {
          kind: "usage",
          total: true,
          usage: { inputTokens: num(stats.input_tokens), outputTokens: num(stats.output_tokens) },
        },
      ];
      if (event.status === "error") {
        const message = str(obj(event.error).message) ?? "gemini reported an error";
        // gemini does not retry a refused key: its result is the only word of it.
        const status = errorStatus(message);
        if (status) events.push({ kind: "api-retry", status, message });
        events.push({ kind: "error", message });
      }
      return events;
    }
    default:
      return [];
  }
}

/** gemini says its retries on stderr: `Attempt 2 failed with status 503. Retrying with backoff...`. */
export function parseGeminiText(line: string): CliEvent[] {
  const retry =
    /^Attempt \d+ failed(?: with status (\d{3}))?[^.]*\. Retrying with backoff\.\.\.\s*(.*)$/.exec(
      line.trim(),
    );
  if (!retry) return [];
  return [
    {
      kind: "api-retry",
      status: retry[1] ? Number(retry[1]) : (errorStatus(retry[2] ?? "") ?? null),
      message: retry[2] || "no answer",
    },
  ];
}
