import { spawn } from "node:child_process";
import path from "node:path";

/** The built CLI (`npm run build`), driven as a user would. */
export const CLI = path.resolve(import.meta.dirname, "../../dist/cli/main.js");

export interface ArmadaResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock times (Date.now()) of the spawn and of the exit. */
  startedAt: number;
  exitedAt: number;
}

/** Runs `armada <args>` in `cwd` without a terminal and waits for it to exit. */
export function runArmada(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<ArmadaResult> {
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        startedAt,
        exitedAt: Date.now(),
      }),
    );
  });
}
