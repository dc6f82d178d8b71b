import { firstVersion } from "./cli-json.js";
import type { CliModel, CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";

const KEYS = ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OPENROUTER_API_KEY"];

/** aider prints text, not events: its log is its own, and its usage is not known. */
export const aiderPreset: CliPreset = {
  name: "aider",
  executable: "aider",
  install: "python -m pip install aider-install && aider-install",
  minVersion: "0.80.0",
  parseVersion: firstVersion,
  env: (host) => pickEnv(host, [...KEYS, "OPENAI_API_BASE", "ANTHROPIC_BASE_URL"], ["AIDER_"]),
  fixedEnv: { AIDER_CHECK_UPDATE: "false", AIDER_ANALYTICS: "false" },
  provider: (_host, _home, model) => model?.provider ?? "openai",
  homeFiles: [".aider.conf.yml"],
  endpoint: (host) => host.OPENAI_API_BASE ?? host.ANTHROPIC_BASE_URL ?? "the provider's default",
  auth: (host) => {
    const key = KEYS.find((name) => host[name]);
    return key
      ? { source: key, kind: "key" }
      : {
          source: "nothing",
          kind: "none",
          refusal: `aider has no key here: export the key of its model's provider (${KEYS.join(", ")}).`,
        };
  },
  args: ({ prompt, model, files }) => [
    "--yes-always",
    "--no-auto-commits",
    "--no-dirty-commits",
    "--no-check-update",
    "--no-show-model-warnings",
    "--no-pretty",
    ...(model ? ["--model", aiderModel(model)] : []),
    "--message",
    prompt,
    ...files,
  ],
  parse: () => [],
};

/** aider names models `provider/model`, OpenAI's without a prefix. */
function aiderModel(model: CliModel): string {
  return model.provider === "openai" ? model.modelId : `${model.provider}/${model.modelId}`;
}
