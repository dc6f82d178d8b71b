import { parseModelSpec } from "../../models/index.js";

/** An external coding agent's command line, run headless inside the sandbox. */
export interface CliPreset {
  name: string;
  executable: string;
  /** How to install it, for the message when it is missing. */
  install: string;
  args(prompt: string, model: string | undefined, files: string[]): string[];
  /** The variables holding the one key it needs, first one set wins; by model when it varies. */
  keyEnv(model: string | undefined): string[];
}

/** `provider:model` as the tool names it: the model id alone. */
function modelId(model: string): string {
  return parseModelSpec(model).modelId;
}

export const CLI_PRESETS: Record<string, CliPreset> = {
  codex: {
    name: "codex",
    executable: "codex",
    install: "npm install -g @openai/codex",
    args: (prompt, model) => [
      "exec",
      "--full-auto",
      "--skip-git-repo-check",
      ...(model ? ["--model", modelId(model)] : []),
      prompt,
    ],
    keyEnv: () => ["OPENAI_API_KEY", "CODEX_API_KEY"],
  },
  claude: {
    name: "claude",
    executable: "claude",
    install: "npm install -g @anthropic-ai/claude-code",
    args: (prompt, model) => [
      "-p",
      prompt,
      "--permission-mode",
      "acceptEdits",
      "--output-format",
      "text",
      ...(model ? ["--model", modelId(model)] : []),
    ],
    keyEnv: () => ["ANTHROPIC_API_KEY"],
  },
  aider: {
    name: "aider",
    executable: "aider",
    install: "python -m pip install aider-install && aider-install",
    args: (prompt, model, files) => [
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
    keyEnv: (model) => {
      const provider = model ? parseModelSpec(model).provider : "openai";
      if (provider === "anthropic") return ["ANTHROPIC_API_KEY"];
      if (provider === "gemini") return ["GEMINI_API_KEY"];
      if (provider === "openrouter") return ["OPENROUTER_API_KEY"];
      return ["OPENAI_API_KEY"];
    },
  },
  gemini: {
    name: "gemini",
    executable: "gemini",
    install: "npm install -g @google/gemini-cli",
    args: (prompt, model) => [
      "-p",
      prompt,
      "--yolo",
      ...(model ? ["--model", modelId(model)] : []),
    ],
    keyEnv: () => ["GEMINI_API_KEY", "GOOGLE_API_KEY"],
  },
};

/** aider names models `provider/model`, OpenAI's without a prefix. */
function aiderModel(model: string): string {
  const spec = parseModelSpec(model);
  return spec.provider === "openai" ? spec.modelId : `${spec.provider}/${spec.modelId}`;
}
