import type { Usage } from "../../core/usage.js";

/** A model as the user named it (`provider:model`). */
export interface CliModel {
  provider: string;
  modelId: string;
}

/** One thing an agent CLI said on its structured output, in armada's words. */
export type CliEvent =
  /** `delta`: a piece of an answer that arrives in pieces, shown once the answer is whole. */
  | { kind: "text"; text: string; delta?: boolean }
  /** `summary` is the one line the dashboard shows: the tool and what it acts on. */
  | { kind: "tool-call"; id: string; name: string; input: unknown; summary: string }
  | { kind: "tool-result"; id: string; output: string; error: boolean }
  /** The CLI got an answer from its model API: its key and endpoint work. */
  | { kind: "api-ok" }
  /** The CLI is retrying a failed API call; `status` is null when the endpoint did not answer. */
  | { kind: "api-retry"; status: number | null; message: string }
  /** Tokens so far (`total`: the CLI's own sum for the session) and cost when the CLI says it. */
  | { kind: "usage"; usage: Usage; total: boolean }
  /**
   * One call to the model API finished (`id` is the same for every event of one answer):
   * what `--rpm`/`--tpm` count. `more`: the answer asked for tools, so another call follows.
   */
  | { kind: "model-call"; id: string; tokens: number; more: boolean }
  /** The session ended in an error the CLI reports as its result, whatever its exit code. */
  | { kind: "error"; message: string };

/** How the CLI will authenticate for this user, as `doctor` shows it and runs check it. */
export interface CliAuth {
  /** What it uses: an environment variable's name, or a login file's path. */
  source: string;
  kind: "key" | "token" | "login" | "cloud" | "none";
  /** Variables to add for the sandbox (a login's access token handed over as a variable). */
  env?: Record<string, string> | undefined;
  /** Why sub-agents cannot use this login, and what to do instead. */
  refusal?: string | undefined;
}

export interface PresetInput {
  prompt: string;
  /** The model the user chose, if any. */
  model: CliModel | undefined;
  files: string[];
  /** The installed CLI's version (`major.minor.patch`). */
  version: string;
  /** The sandbox isolates the agent (overlay, docker): the CLI's own sandbox and prompts go. */
  isolated: boolean;
}

/**
 * An agent CLI as armada runs it headless in a sandbox: what it needs of the user's
 * environment and home, its command line for the installed version, and how to read what it
 * prints. Only the variables and files a preset names ever reach the sandbox.
 */
export interface CliPreset {
  name: string;
  executable: string;
  /** How to install it, for the message when it is missing. */
  install: string;
  /** The oldest release whose flags this preset knows. */
  minVersion: string;
  /** The version in `--version`'s output. */
  parseVersion(output: string): string | undefined;
  /** The user's variables this CLI needs (keys, tokens, endpoints, gateway settings), when set. */
  env(host: NodeJS.ProcessEnv, home: string): Record<string, string>;
  /** Variables armada sets for every run of it: headless, no updates, no telemetry. */
  fixedEnv: Record<string, string>;
  /** Configuration files under $HOME it reads, shown read-only in the sandbox when present. */
  homeFiles: string[];
  /** The provider whose rate limits (`--rpm`, `--tpm`, providers.<name>) its calls count against. */
  provider(host: NodeJS.ProcessEnv, home: string, model?: CliModel): string;
  /** Where its model API is, for the user's settings (and the model chosen, which may name its provider). */
  endpoint(host: NodeJS.ProcessEnv, home: string, model?: CliModel): string;
  auth(host: NodeJS.ProcessEnv, home: string, now: number, model?: CliModel): CliAuth;
  args(input: PresetInput): string[];
  /** Reads one line of its structured output (a parsed JSON value). */
  parse(event: unknown): CliEvent[];
  /** Reads one line it prints that is not JSON (a retry it reports on stderr); still logged. */
  parseText?(line: string): CliEvent[];
}
