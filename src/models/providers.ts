import type { ProviderConfig } from "../config/index.js";
import { UsageError } from "../core/errors.js";

export type ProviderKind = "openai" | "anthropic" | "openai-compatible";

export interface ProviderSettings {
  name: string;
  kind: ProviderKind;
  baseUrl: string | undefined;
  /** The variable holding the key; undefined for servers that take none. */
  keyEnv: string | undefined;
  /** Whether a call without the key is refused before it is sent. */
  keyRequired: boolean;
  /** Runs on the user's machine: costs nothing, and `doctor` probes it. */
  local: boolean;
  rpm: number | undefined;
  tpm: number | undefined;
}

type Known = Omit<ProviderSettings, "name" | "rpm" | "tpm">;

const KNOWN: Record<string, Known> = {
  openai: {
    kind: "openai",
    baseUrl: undefined,
    keyEnv: "OPENAI_API_KEY",
    keyRequired: true,
    local: false,
  },
  anthropic: {
    kind: "anthropic",
    baseUrl: undefined,
    keyEnv: "ANTHROPIC_API_KEY",
    keyRequired: true,
    local: false,
  },
  openrouter: {
    kind: "openai-compatible",
    baseUrl: "https://openrouter.ai/api/v1",
    keyEnv: "OPENROUTER_API_KEY",
    keyRequired: true,
    local: false,
  },
  ollama: {
    kind: "openai-compatible",
    baseUrl: "http://localhost:11434/v1",
    keyEnv: undefined,
    keyRequired: false,
    local: true,
  },
  lmstudio: {
    kind: "openai-compatible",
    baseUrl: "http://localhost:1234/v1",
    keyEnv: undefined,
    keyRequired: false,
    local: true,
  },
  llamacpp: {
    kind: "openai-compatible",
    baseUrl: "http://localhost:8080/v1",
    keyEnv: undefined,
    keyRequired: false,
    local: true,
  },
  vllm: {
    kind: "openai-compatible",
    baseUrl: "http://localhost:8000/v1",
    keyEnv: "VLLM_API_KEY",
    keyRequired: false,
    local: true,
  },
  "openai-compatible": {
    kind: "openai-compatible",
    baseUrl: undefined,
    keyEnv: "OPENAI_COMPATIBLE_API_KEY",
    keyRequired: false,
    local: false,
  },
};

const KNOWN_PROVIDERS = Object.keys(KNOWN);

/**
 * The settings of a provider: the built-in defaults, then the configuration files, then
 * `--base-url`. A name the files define with a `type` is a provider of its own.
 */
export function providerSettings(
  name: string,
  configured: Record<string, ProviderConfig> | undefined,
  baseUrlFlag: string | undefined,
): ProviderSettings {
  const known = KNOWN[name];
  const config = configured?.[name];
  const kind = config?.type ?? known?.kind;
  if (!kind) {
    throw new UsageError(
      `Unknown model provider "${name}". Known providers: ${KNOWN_PROVIDERS.join(", ")}. For another OpenAI-compatible server use openai-compatible:<model> --base-url <url>, or name it in armada.config.json under "providers" with "type", "baseUrl" and "apiKeyEnv".`,
    );
  }
  const baseUrl = baseUrlFlag ?? config?.baseUrl ?? known?.baseUrl;
  if (kind === "openai-compatible" && !baseUrl) {
    throw new UsageError(
      `The provider "${name}" speaks the OpenAI chat-completions protocol but has no server address. Give it with --base-url <url> (e.g. http://localhost:8000/v1), or "baseUrl" under providers.${name} in armada.config.json.`,
    );
  }
  return {
    name,
    kind,
    baseUrl,
    keyEnv: config?.apiKeyEnv ?? known?.keyEnv,
    keyRequired: config?.apiKeyEnv !== undefined || (known?.keyRequired ?? false),
    local: known?.local ?? false,
    rpm: config?.rpm,
    tpm: config?.tpm,
  };
}
