import { homedir } from "node:os";
import path from "node:path";
import { lilconfig } from "lilconfig";
import { parse as parseYaml } from "yaml";
import { ConfigError } from "../core/errors.js";
import { type ArmadaConfig, configSchema } from "./config-schema.js";

export interface LoadedConfig {
  config: ArmadaConfig;
  /** The files read, user's first: what `armada doctor` shows. */
  files: string[];
}

const loaders = {
  ".yaml": (_file: string, text: string): unknown => parseYaml(text),
  ".yml": (_file: string, text: string): unknown => parseYaml(text),
};

const PROJECT_PLACES = [
  "armada.config.json",
  "armada.config.yaml",
  "armada.config.yml",
  "package.json",
];
const USER_PLACES = ["config.json", "config.yaml", "config.yml"];

function findKey(value: unknown, pattern: RegExp, at = ""): string | undefined {
  if (!value || typeof value !== "object") return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    if (pattern.test(key)) return here;
    const found = findKey(inner, pattern, here);
    if (found) return found;
  }
  return undefined;
}

function validate(file: string, raw: unknown): ArmadaConfig {
  // Config files get committed and shared; a key in one leaks. Say so rather than "unknown field".
  const secret = findKey(raw, /^(api[-_]?key|token|secret)$/i);
  if (secret) {
    throw new ConfigError(
      file,
      `keys do not belong in configuration files. Remove it and set the key in the environment; to use a variable other than the provider's usual one, name it with "apiKeyEnv".`,
      secret,
    );
  }
  const parsed = configSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.map(String).join(".") || undefined;
    const detail =
      issue?.code === "unrecognized_keys"
        ? `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}.`
        : `${issue?.message ?? "does not match the configuration format"}.`;
    throw new ConfigError(file, detail, field);
  }
  return parsed.data;
}

async function search(
  name: string,
  from: string,
  places: string[],
  stopDir: string,
): Promise<{ file: string; config: ArmadaConfig } | undefined> {
  let result: Awaited<ReturnType<ReturnType<typeof lilconfig>["search"]>>;
  try {
    result = await lilconfig(name, { searchPlaces: places, stopDir, loaders }).search(from);
  } catch (error) {
    const file = (error as { filepath?: string }).filepath ?? path.join(from, places[0] ?? "");
    throw new ConfigError(file, `it does not parse (${(error as Error).message}).`);
  }
  if (!result) return undefined;
  return { file: result.filepath, config: validate(result.filepath, result.config) };
}

function merge(base: ArmadaConfig, over: ArmadaConfig): ArmadaConfig {
  const providers = { ...base.providers };
  for (const [name, settings] of Object.entries(over.providers ?? {}))
    providers[name] = { ...providers[name], ...settings };
  return {
    ...base,
    ...over,
    providers,
    prices: { ...base.prices, ...over.prices },
  };
}

/**
 * The user's configuration overlaid by the project's (found from the repository's root
 * upwards, stopping there), so a project pins its own model and checks.
 */
export async function loadConfig(
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<LoadedConfig> {
  const userDir = path.join(env.XDG_CONFIG_HOME || path.join(homedir(), ".config"), "armada");
  const user = await search("armada", userDir, USER_PLACES, userDir);
  const project = await search("armada", projectDir, PROJECT_PLACES, projectDir);
  let config: ArmadaConfig = {};
  const files: string[] = [];
  for (const found of [user, project]) {
    if (!found) continue;
    config = merge(config, found.config);
    files.push(found.file);
  }
  return { config, files };
}
