import { failureLines } from "./failure-lines.js";
import type { RunSession } from "./run-session.js";

/**
 * The run's checks on its base, once per run, beside the fan-out: a check that already fails
 * there is not the agents' doing, and the run judges regressions only. Reported at once.
 */
export async function runBaseline(session: RunSession): Promise<void> {
  const { store, assembler } = session.deps;
  const run = store.getRun(session.runId);
  if (!run || run.checks.length === 0 || run.baseline !== undefined) return;
  let report: Awaited<ReturnType<typeof assembler.runChecks>>;
  try {
    report = await assembler.runChecks(
      session.runId,
      run.baseCommit,
      run.checks,
      session.options.timeoutMs,
      session.cancel.signal,
      "baseline",
    );
  } catch (error) {
    // Without a baseline every failure after assembly counts as a regression, as before.
    store.appendEvent(session.runId, {
      type: "run.baseline",
      data: { error: error instanceof Error ? error.message : String(error) },
    });
    return;
  }
  if (session.cancel.signal.aborted) return;
  const failing = report.failures.map((f) => f.check);
  store.updateRun(
    session.runId,
    {
      baseline: report.failures.map((f) => ({
        check: f.check,
        lines: failureLines(f.tail),
        ...(f.tests ? { tests: f.tests } : {}),
      })),
    },
    { type: "run.baseline", data: { failing, failures: report.failures, log: report.logPath } },
  );
  // Exit 127 is the shell's "command not found": such a check could never judge anything.
  const missing = report.failures.filter((f) => f.error === "exited with code 127");
  if (missing.length > 0) {
    const said = missing.map((f) => `\`${f.check}\` (${lastLine(f.tail)})`).join(", ");
    session.stopped ??= `the run's check ${said} is not a command the sandbox can run (exit 127, not found): fix it with --check or in the plan's checks:, and run again`;
  }
  if (failing.length > 0 && session.options.requireGreenBase) {
    session.stopped ??= `${failing.map((c) => `\`${c}\``).join(", ")} already ${failing.length === 1 ? "fails" : "fail"} on the base, and --require-green-base asks for a green base`;
  }
}

function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("$ "))
      .at(-1) ?? "no output"
  );
}
