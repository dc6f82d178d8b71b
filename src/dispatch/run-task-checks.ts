import type { TaskChecksOutcome } from "../core/agent-port.js";
import type { Sandbox } from "../core/sandbox-port.js";
import type { CappedLog } from "./capped-log.js";

const OUTPUT_TAIL_CHARS = 4000;

/**
 * Runs a task's checks one after the other in its sandbox, into the attempt's log, stopping
 * at the first failure: a later check rarely tells more than the first one that failed.
 */
export async function runTaskChecks(
  sandbox: Sandbox,
  checks: string[],
  options: { env: Record<string, string>; timeoutMs: number; signal: AbortSignal; log: CappedLog },
): Promise<TaskChecksOutcome> {
  for (const check of checks) {
    options.log.write(`\narmada: check $ ${check}\n`);
    let output = "";
    const result = await sandbox.exec(["/bin/sh", "-c", check], {
      env: options.env,
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      onOutput: (chunk) => {
        options.log.write(chunk);
        output = (output + chunk.toString("utf8")).slice(-OUTPUT_TAIL_CHARS);
      },
    });
    if (result.aborted) return { passed: false, cancelled: true, failures: [] };
    if (result.exitCode !== 0) {
      const error = result.timedOut
        ? `timed out after ${Math.round(options.timeoutMs / 1000)}s`
        : `exited with code ${result.exitCode}`;
      return { passed: false, cancelled: false, failures: [{ check, error, output }] };
    }
  }
  return { passed: true, cancelled: false, failures: [] };
}
