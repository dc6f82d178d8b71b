import { firstVersion } from "./cli-json.js";
import type { CliPreset } from "./cli-preset.js";
import { pickEnv } from "./pick-env.js";

export const geminiPreset: CliPreset = {
  name: "gemini",
  executable: "gemini",
  install: "npm install -g @google/gemini-cli",
  minVersion: "0.10.0",
  parseVersion: firstVersion,
  env: (host) => pickEnv(host, ["GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GEMINI_BASE_URL"]),
  fixedEnv: {},
  homeFiles: [".gemini/settings.json", ".gemini/GEMINI.md"],
  endpoint: (host) => host.GOOGLE_GEMINI_BASE_URL ?? "https://generativelanguage.googleapis.com",
  auth: (host) =>
    host.GEMINI_API_KEY
      ? { source: "GEMINI_API_KEY", kind: "key" }
      : { source: "nothing", kind: "none", refusal: "gemini has no key here." },
  args: ({ prompt, model }) => [
    "-p",
    prompt,
    "--yolo",
    ...(model ? ["--model", model.modelId] : []),
  ],
  parse: () => [],
};
