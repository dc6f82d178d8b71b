import path from "node:path";
import type { CheckReport } from "../core/assembler-port.js";
import type { SandboxDriver } from "../core/sandbox-port.js";
import { testCases } from "../core/test-cases.js";
import { openCappedLog } from "../dispatch/index.js";
import { scrubbedEnv } from "../sandbox/index.js";

/** How much of one check's output is read for test cases (the log keeps its own bound). */
const OUTPUT_READ_LIMIT = 32 * 1024 * 1024;

/** Collects output up to a size, then stops: a report larger than that is not read. */
function boundedText(limit: number) {
  const chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk: Buffer): void {
      if (size + chunk.length > limit) return;
      chunks.push(chunk);
      size += chunk.length;
    },
    text: (): string => Buffer.concat(chunks).toString("utf8"),
  };
}

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
      const output = boundedText(OUTPUT_READ_LIMIT);
      const result = await sandbox.exec(["/bin/sh", "-c", check], {
        env: { ...scrubbedEnv(), ARMADA_RUN: runId },
        timeoutMs,
        signal,
        onOutput: (chunk) => {
          log.write(chunk);
          output.add(chunk);
        },
      });
      if (result.exitCode !== 0) {
        const error = result.timedOut
          ? `timed out after ${Math.round(timeoutMs / 1000)}s`
          : result.aborted
            ? "cancelled"
            : `exited with code ${result.exitCode}`;
        // Test cases when the output is a report: a check that failed without a failing
        // case (a build error before the tests) is judged by its lines instead.
        const failed = testCases(output.text(), sandbox.root)?.failed ?? [];
        failures.push({
          check,
          error,
          tail: log.tail().split("\n").slice(-20).join("\n"),
          ...(failed.length > 0 ? { tests: failed } : {}),
        });
        log.write(`armada: check failed: ${error}\n`);
      }
    }
    return { passed: failures.length === 0, failures, logPath };
  } finally {
    await sandbox.dispose();
    await log.close();
  }
}
