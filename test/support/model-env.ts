import path from "node:path";
import type { RecordedRequest } from "../../src/test-support/scripted-model-server.js";

/**
 * The environment of an armada process in a model test: test keys only, and a user
 * configuration folder that does not exist, so the developer's own config cannot leak in.
 */
export function modelEnv(root: string, keys: Record<string, string> = {}): Record<string, string> {
  return {
    XDG_CONFIG_HOME: path.join(root, ".no-user-config"),
    OPENAI_API_KEY: "",
    ANTHROPIC_API_KEY: "",
    OPENAI_COMPATIBLE_API_KEY: "",
    ...keys,
  };
}

/** Everything a request sent, as one string: for "did the model get told X" assertions. */
export function sent(request: RecordedRequest | undefined): string {
  return JSON.stringify(request?.body ?? null);
}

/** The text of the task an agent request is about (its first user message). */
export function taskOf(request: RecordedRequest): string {
  return sent(request).match(/\(id ([A-Za-z0-9._-]+)\)/)?.[1] ?? "";
}

export function isPlannerRequest(request: RecordedRequest): boolean {
  return sent(request).includes("submit_plan");
}
