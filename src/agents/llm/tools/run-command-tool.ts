import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { captureExec } from "../sandbox-exec.js";
import type { ToolContext } from "../tool-context.js";

const DESCRIPTION = readFileSync(new URL("./run-command.txt", import.meta.url), "utf8");
const OUTPUT_CAP = 16 * 1024;

export function runCommandTool(tc: ToolContext) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      command: z.string().min(1).describe("the shell command"),
      timeout_seconds: z.number().int().min(1).optional().describe("stop it after this long"),
    }),
    async execute({ command, timeout_seconds }) {
      const timeoutMs = Math.min(
        (timeout_seconds ?? Number.POSITIVE_INFINITY) * 1000,
        tc.commandTimeoutMs,
      );
      tc.log(`$ ${command}\n`);
      const result = await captureExec(tc.sandbox, ["/bin/sh", "-c", command], {
        env: tc.env,
        signal: tc.signal,
        timeoutMs,
        cap: OUTPUT_CAP,
        keep: "ends",
      });
      const status = result.timedOut
        ? `stopped after ${Math.round(timeoutMs / 1000)}s (timeout)`
        : `exit code ${result.exitCode}`;
      return `${status}\n${result.output}`;
    },
  });
}
