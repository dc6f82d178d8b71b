import type { AgentConfig } from "../../config/index.js";
import { firstVersion } from "./cli-json.js";
import type { CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";

/** `{prompt}` and `{model}` in a configured argument. */
function fill(arg: string, prompt: string, model: string): string {
  return arg.replaceAll("{prompt}", prompt).replaceAll("{model}", model);
}

/**
 * A preset from the user's configuration (`agents.<name>`): their arguments for one of
 * armada's presets (`base`), or an agent CLI of their own, read as the CLI whose output it
 * prints (`usage`). Only the variables and files it names, or its base names, reach the sandbox.
 */
export function configuredPreset(
  name: string,
  config: AgentConfig,
  base: CliPreset | undefined,
  reader: CliPreset | undefined,
): CliPreset {
  const executable = config.command ?? base?.executable ?? name;
  return {
    name,
    executable,
    install: base?.install ?? `install ${executable} (agents.${name} in armada's configuration)`,
    // A CLI of the user's answers --version; how old it may be is theirs to know.
    minVersion: base && executable === base.executable ? base.minVersion : "0.0.0",
    parseVersion: (output) => firstVersion(output) ?? (output.trim() ? "0.0.0" : undefined),
    env: (host, home) => ({ ...base?.env(host, home), ...pickEnv(host, config.env ?? []) }),
    // A CLI read as claude (or codex, ...) most likely is one, wrapped: it runs headless alike.
    fixedEnv: (base ?? reader)?.fixedEnv ?? {},
    homeFiles: [...(base?.homeFiles ?? []), ...(config.files ?? [])],
    provider: (host, home, model) =>
      (base ?? reader)?.provider(host, home, model) ?? model?.provider ?? name,
    endpoint: (host, home, model) => config.endpoint ?? base?.endpoint(host, home, model) ?? "",
    auth: (host, home, now, model) => {
      if (base) return base.auth(host, home, now, model);
      const set = (config.env ?? []).find((variable) => host[variable]);
      return set ? { source: set, kind: "key" } : { source: "its own settings", kind: "none" };
    },
    args: (input) =>
      config.args
        ? config.args.map((arg) => fill(arg, input.prompt, input.model?.modelId ?? ""))
        : (base?.args(input) ?? [input.prompt]),
    parse: (reader ?? base)?.parse ?? (() => []),
  };
}
