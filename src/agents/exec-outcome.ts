import type { AgentOutcome } from "../core/agent-port.js";
import type { ExecResult } from "../core/sandbox-port.js";

/**
 * What an agent that is one process tells the engine: timed out, cancelled, failed (with
 * `failure`, or how the process ended, after `what`), or done.
 */
export function execOutcome(
  result: ExecResult,
  timeoutMs: number,
  what: string,
  failure?: string,
): AgentOutcome {
  const durationMs = result.durationMs;
  if (result.timedOut) {
    return {
      ok: false,
      timedOut: true,
      error: `timed out after ${Math.round(timeoutMs / 1000)}s`,
      durationMs,
    };
  }
  if (result.aborted) return { ok: false, error: "cancelled", durationMs };
  if (result.exitCode !== 0) {
    const how = result.signal
      ? `was killed by ${result.signal}`
      : `exited with code ${result.exitCode}`;
    return { ok: false, error: failure ?? `${what} ${how}`, durationMs };
  }
  return { ok: true, durationMs };
}
