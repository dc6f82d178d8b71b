import { APICallError, RetryError } from "ai";
import { ArmadaError, ModelCallError } from "../core/errors.js";
import type { ProviderSettings } from "./providers.js";

export interface ModelFailure {
  error: ArmadaError;
  /** Every later call would fail the same way (a wrong key, an unknown model, no server). */
  fatal: boolean;
  /** The request was too long for the model's context window. */
  contextLength: boolean;
}

const CONTEXT_LENGTH =
  /context[ _-]?(length|window)|maximum context|too many tokens|prompt is too long|input is too long|exceeds? the (model's )?(maximum|max)|reduce the length/i;

function hint(status: number | undefined, provider: ProviderSettings, model: string): string {
  if (status === 401 || status === 403) {
    return provider.keyEnv
      ? `Check the key in ${provider.keyEnv} (\`armada doctor\` checks it without printing it).`
      : "The server wants a key: name its variable with providers.<name>.apiKeyEnv in armada.config.json.";
  }
  if (status === 404)
    return `Check the model name "${model}" and the server address${provider.baseUrl ? ` (${provider.baseUrl})` : ""}.`;
  return provider.local
    ? `Is the server at ${provider.baseUrl} running? \`armada doctor\` checks it.`
    : "`armada doctor` checks the configuration.";
}

/** The one place that turns what the AI SDK throws into what armada reports. */
export function classifyModelError(
  error: unknown,
  provider: ProviderSettings,
  model: string,
): ModelFailure {
  if (error instanceof ArmadaError) return { error, fatal: false, contextLength: false };
  const last = RetryError.isInstance(error) ? error.lastError : error;
  const tries = RetryError.isInstance(error) ? error.errors.length : 1;
  if (APICallError.isInstance(last)) {
    const status = last.statusCode;
    const message = last.message.replace(/\.$/, "");
    if (status === 400 && CONTEXT_LENGTH.test(`${message} ${last.responseBody ?? ""}`)) {
      return {
        error: new ModelCallError(provider.name, status, message, "The request was too long."),
        fatal: false,
        contextLength: true,
      };
    }
    const unreachable = status === undefined && message.startsWith("Cannot connect to API");
    const fatal = status === 401 || status === 403 || status === 404 || unreachable;
    const after = tries > 1 ? ` (after ${tries} tries)` : "";
    return {
      error: new ModelCallError(
        provider.name,
        status,
        `${message}${after}`,
        hint(status, provider, model),
      ),
      fatal,
      contextLength: false,
    };
  }
  const message = last instanceof Error ? last.message : String(last);
  return {
    error: new ArmadaError("model-call-failed", `The call to ${model} failed: ${message}`, {
      cause: error,
    }),
    fatal: false,
    contextLength: false,
  };
}
