import { firstVersion } from "./cli-json.js";
import type { CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";

export const codexPreset: CliPreset = {
  name: "codex",
  executable: "codex",
  install: "npm install -g @openai/codex",
  minVersion: "0.100.0",
  parseVersion: firstVersion,
  env: (host) => pickEnv(host, ["CODEX_API_KEY", "OPENAI_API_KEY", "OPENAI_BASE_URL"]),
  fixedEnv: {},
  homeFiles: [".codex/config.toml", ".codex/AGENTS.md"],
  endpoint: (host) => host.OPENAI_BASE_URL ?? "https://api.openai.com/v1",
  auth: (host) =>
    host.CODEX_API_KEY
      ? { source: "CODEX_API_KEY", kind: "key" }
      : { source: "nothing", kind: "none", refusal: "codex has no key here." },
  args: ({ prompt, model }) => [
    "exec",
    "--json",
    "--skip-git-repo-check",
    "--dangerously-bypass-approvals-and-sandbox",
    ...(model ? ["--model", model.modelId] : []),
    prompt,
  ],
  parse: () => [],
};
