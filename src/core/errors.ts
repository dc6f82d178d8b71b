/**
 * Every failure a user can meet is an ArmadaError: `message` is for logs, `userMessage` is the
 * one paragraph printed at the terminal (what was wrong and what to do), `code` is stable for
 * scripts and tests.
 */
export class ArmadaError extends Error {
  readonly code: string;
  readonly userMessage: string;

  constructor(code: string, userMessage: string, options?: { cause?: unknown }) {
    super(userMessage, options);
    this.name = "ArmadaError";
    this.code = code;
    this.userMessage = userMessage;
  }
}

export class NotAGitRepositoryError extends ArmadaError {
  readonly dir: string;
  constructor(dir: string) {
    super(
      "not-a-git-repository",
      `${dir} is not inside a git repository. Armada works on git repositories: run it from inside one, pass --repo <dir>, or create one with \`git init && git add -A && git commit -m initial\`.`,
    );
    this.name = "NotAGitRepositoryError";
    this.dir = dir;
  }
}

export class NoCommitsError extends ArmadaError {
  readonly root: string;
  constructor(root: string) {
    super(
      "no-commits",
      `The repository at ${root} has no commits yet, so there is no base for sub-agents to start from. Make a first commit (\`git add -A && git commit -m initial\`) and run armada again.`,
    );
    this.name = "NoCommitsError";
    this.root = root;
  }
}

export class PlanError extends ArmadaError {
  /** What is wrong, without where: what a model that wrote the plan is told. */
  readonly detail: string;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(detail: string, where: { file?: string; line?: number; field?: string } = {}) {
    const at = [
      where.file,
      where.line !== undefined ? `line ${where.line}` : undefined,
      where.field !== undefined ? `field "${where.field}"` : undefined,
    ]
      .filter(Boolean)
      .join(", ");
    super(
      "invalid-plan",
      `${at ? `Invalid plan (${at}): ` : "Invalid plan: "}${detail} Fix the plan and run again; nothing was started.`,
    );
    this.name = "PlanError";
    this.detail = detail;
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}

export class UsageError extends ArmadaError {
  constructor(userMessage: string) {
    super("usage", userMessage);
    this.name = "UsageError";
  }
}

export class UnknownRunError extends ArmadaError {
  readonly runId: string;
  constructor(runId: string, known: string[]) {
    const hint = known.length
      ? ` Known runs, newest first: ${known.slice(0, 5).join(", ")}. \`armada list\` shows them all.`
      : " This repository has no armada runs yet; start one with `armada run`.";
    super("unknown-run", `No run "${runId}" in this repository.${hint}`);
    this.name = "UnknownRunError";
    this.runId = runId;
  }
}

export class UnknownTaskError extends ArmadaError {
  constructor(runId: string, taskId: string, known: string[]) {
    super(
      "unknown-task",
      `Run ${runId} has no task "${taskId}". Its tasks: ${known.slice(0, 10).join(", ")}${known.length > 10 ? ", ..." : ""}.`,
    );
    this.name = "UnknownTaskError";
  }
}

export class SyncRefusedError extends ArmadaError {
  readonly paths: string[];
  constructor(runId: string, paths: string[], reason: string) {
    const list =
      paths.slice(0, 20).join(", ") + (paths.length > 20 ? `, and ${paths.length - 20} more` : "");
    super(
      "sync-refused",
      `Did not apply run ${runId} to your working tree: ${reason}: ${list}. Nothing was changed; the result stays on branch armada/${runId}. Inspect it with \`armada diff ${runId}\`, then commit or stash your edits to those paths and run \`armada apply ${runId}\`.`,
    );
    this.name = "SyncRefusedError";
    this.paths = paths;
  }
}

export class ConfigError extends ArmadaError {
  readonly file: string;
  readonly field: string | undefined;
  constructor(file: string, detail: string, field?: string) {
    super(
      "invalid-config",
      `Invalid armada configuration in ${file}${field ? ` (field "${field}")` : ""}: ${detail} Fix the file and run again.`,
    );
    this.name = "ConfigError";
    this.file = file;
    this.field = field;
  }
}

export class NoModelConfiguredError extends ArmadaError {
  readonly role: string;
  constructor(role: "planner" | "agent", detail?: string) {
    const flag = role === "planner" ? "--planner-model (or --model)" : "--model";
    super(
      "no-model",
      `${detail ? `${detail} ` : ""}The ${role === "planner" ? "master planner" : "llm agent"} needs a model. Name one with ${flag} <provider>:<model> (e.g. anthropic:claude-sonnet-4-5, openai:gpt-5.1-codex, ollama:qwen2.5-coder:14b, or openai-compatible:<name> --base-url <url>), or set "model" in armada.config.json / ~/.config/armada/config.json; keys come from the usual variables (OPENAI_API_KEY, ANTHROPIC_API_KEY, ...). \`armada doctor\` shows what is configured.`,
    );
    this.name = "NoModelConfiguredError";
    this.role = role;
  }
}

export class MissingApiKeyError extends ArmadaError {
  readonly model: string;
  readonly variable: string;
  constructor(model: string, variable: string) {
    super(
      "missing-api-key",
      `The model ${model} needs an API key in the environment variable ${variable}, which is not set. Set it in the shell that runs armada (\`export ${variable}=...\`). Armada reads keys only from the environment, never stores them, and never passes them into sandboxes.`,
    );
    this.name = "MissingApiKeyError";
    this.model = model;
    this.variable = variable;
  }
}

/** A model provider refused a call in a way retrying does not fix (wrong key, unknown model). */
export class ModelCallError extends ArmadaError {
  readonly provider: string;
  readonly status: number | undefined;
  readonly providerMessage: string;
  constructor(provider: string, status: number | undefined, providerMessage: string, hint: string) {
    super(
      "model-call-failed",
      `The ${provider} API refused the call${status ? ` (HTTP ${status})` : ""}: ${providerMessage}. ${hint}`,
    );
    this.name = "ModelCallError";
    this.provider = provider;
    this.status = status;
    this.providerMessage = providerMessage;
  }
}

/** The model kept answering with something that is not a valid plan. */
export class PlanningFailedError extends ArmadaError {
  readonly attempts: number;
  readonly lastProblem: string;
  constructor(attempts: number, lastProblem: string) {
    super(
      "planning-failed",
      `The master planner did not produce a valid plan after ${attempts} tries. The last problem: ${lastProblem} Try again (models vary), use a stronger --planner-model, or write the plan yourself: \`armada plan "<objective>" --each "<glob>" --out plan.yaml\`, edit it, then \`armada run --plan plan.yaml\`.`,
    );
    this.name = "PlanningFailedError";
    this.attempts = attempts;
    this.lastProblem = lastProblem;
  }
}

/** The one place that turns an unknown failure into something we can print. */
export function toArmadaError(error: unknown): ArmadaError {
  if (error instanceof ArmadaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ArmadaError(
    "internal",
    `Armada failed unexpectedly: ${message}. This is a bug; please report it with the command you ran.`,
    { cause: error },
  );
}
