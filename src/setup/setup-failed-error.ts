import { ArmadaError } from "../core/errors.js";

export type SetupFailure = "failed" | "timed-out" | "cancelled";

/**
 * The setup commands did not succeed: which one, how, and the end of their log. Nothing was
 * cached, so the next run tries again.
 */
export class SetupFailedError extends ArmadaError {
  readonly command: string;
  readonly failure: SetupFailure;
  readonly exitCode: number | null;
  /** The failing command's output: whole when short, else its first and last lines. */
  readonly logTail: string;
  constructor(
    command: string,
    outcome: { failure: SetupFailure; exitCode: number | null; timeoutMs?: number },
    logTail: string,
  ) {
    const how =
      outcome.failure === "timed-out"
        ? `did not finish within ${Math.round((outcome.timeoutMs ?? 0) / 1000)} s, the time setup may take`
        : outcome.failure === "cancelled"
          ? "was cancelled"
          : `failed (exit code ${outcome.exitCode ?? "none: killed by a signal"})`;
    const tail = logTail.trim() ? ` Its output:\n${indent(logTail)}\n` : " It printed nothing. ";
    const next =
      outcome.failure === "cancelled"
        ? "Nothing was cached."
        : outcome.failure === "timed-out"
          ? "Nothing was cached. Give setup more time, or make the commands faster (a slow network, a lockfile that resolves again)."
          : "Nothing was cached. Fix the commands (`setup:` in the plan or the configuration) or the files they read (a lockfile out of step with its manifest), and run again.";
    super(`setup-${outcome.failure}`, `Setup \`${command}\` ${how}.${tail}${next}`);
    this.name = "SetupFailedError";
    this.command = command;
    this.failure = outcome.failure;
    this.exitCode = outcome.exitCode;
    this.logTail = logTail;
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
}
