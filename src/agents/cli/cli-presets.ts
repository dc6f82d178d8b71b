import { aiderPreset } from "./aider-preset.js";
import { claudePreset } from "./claude-preset.js";
import type { CliPreset } from "./cli-preset.js";
import { codexPreset } from "./codex-preset.js";
import { geminiPreset } from "./gemini-preset.js";
import { opencodePreset } from "./opencode-preset.js";

export const CLI_PRESETS: Record<string, CliPreset> = {
  claude: claudePreset,
  codex: codexPreset,
  gemini: geminiPreset,
  opencode: opencodePreset,
  aider: aiderPreset,
};
