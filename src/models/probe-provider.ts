import type { ProviderSettings } from "./providers.js";

export interface ProbeResult {
  reachable: boolean;
  /** HTTP status of GET <base>/models; undefined when the server did not answer. */
  status?: number;
  /** Whether the server lists the model; undefined when it did not say. */
  modelListed?: boolean;
  detail: string;
}

const DEFAULT_BASE: Record<string, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
};

/**
 * Asks a provider for its model list: it costs no tokens, and it tells whether the server
 * answers, whether it takes the key, and whether the model exists.
 */
export async function probeProvider(
  provider: ProviderSettings,
  modelId: string,
  apiKey: string | undefined,
  timeoutMs = 5000,
): Promise<ProbeResult> {
  const base = (provider.baseUrl ?? DEFAULT_BASE[provider.kind] ?? "").replace(/\/+$/, "");
  const headers: Record<string, string> = {};
  if (apiKey && provider.kind === "anthropic") {
    headers["x-api-key"] = apiKey;
    headers["anthropic-version"] = "2023-06-01";
  } else if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  let response: Response;
  try {
    response = await fetch(`${base}/models`, { headers, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      reachable: false,
      detail: `no answer from ${base} (${cause?.code ?? cause?.message ?? (error as Error).message})`,
    };
  }
  const text = await response.text();
  let body: {
    data?: { id?: string }[];
    models?: { name?: string }[];
    error?: { message?: string };
  } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // Some servers answer errors in plain text.
  }
  if (!response.ok) {
    const message = body.error?.message ?? text.slice(0, 200);
    return {
      reachable: true,
      status: response.status,
      detail: `HTTP ${response.status}: ${message}`,
    };
  }
  const ids = (body.data ?? []).map((m) => m.id);
  const modelListed = ids.length ? ids.includes(modelId) : undefined;
  return {
    reachable: true,
    status: response.status,
    ...(modelListed !== undefined ? { modelListed } : {}),
    detail:
      modelListed === false
        ? `reachable, key accepted, but ${modelId} is not among its ${ids.length} models`
        : "reachable, key accepted",
  };
}
