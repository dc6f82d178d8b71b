import path from "node:path";
import type { CheckReport } from "../core/assembler-port.js";
import type { SandboxDriver } from "../core/sandbox-port.js";
import { openCappedLog } from "../dispatch/index.js";
import { scrubbedEnv } from "../sandbox/index.js";

/** Runs the run-level checks on the assembled result, in a sandbox of its own. */
export async function runChecks(
  driver: SandboxDriver,
  runId: string,
  runDir: string,
  commit: string,
  checks: string[],
  timeoutMs: number,
  signal: AbortSignal,
  logName = "checks",
): Promise<CheckReport> {
  const logPath = path.join(runDir, "logs", `${logName}.log`);
  const log = openCappedLog(logPath, 10 * 1024 * 1024);
  const sandbox = await driver.create(commit, { name: `${runId}-${logName}-${Date.now()}`, runId });
  const failures: CheckReport["failures"] = [];
  try {
    for (const check of checks) {
      log.write(`$ ${check}\n`);
      const result = await sandbox.exec(["/bin/sh", "-c", check], {
        env: { ...scrubbedEnv(), ARMADA_RUN: runId },
        timeoutMs,
        signal,
        onOutput: (chunk) => log.write(chunk),
      });
      if (result.exitCode !== 0) {
        const error = result.timedOut
          ? `timed out after ${Math.round(timeoutMs / 1000)}s`
          : result.aborted
            ? "cancelled"
            : `exited with code ${result.exitCode}`;
        failures.push({ check, error, tail: log.tail().split("\n").slice(-20).join("\n") });
        log.write(`armada: check failed: ${error}\n`);
      }
    }
    return { passed: failures.length === 0, failures, logPath };
  } finally {
    await sandbox.dispose();
    await log.close();
  }
}
