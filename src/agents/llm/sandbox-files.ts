import { captureExec, GUARD_REFUSED, guarded } from "./sandbox-exec.js";
import { FILE_OP_TIMEOUT_MS, type ToolContext } from "./tool-context.js";
import { ToolFailure } from "./tool-failure.js";

const NOT_FOUND = 3;
const NOT_A_FILE = 4;

function refusal(code: number | null, output: string, path: string): ToolFailure {
  if (code === GUARD_REFUSED) return new ToolFailure(output.trim());
  if (code === NOT_FOUND) return new ToolFailure(`${path} does not exist.`);
  if (code === NOT_A_FILE) return new ToolFailure(`${path} is not a regular file.`);
  return new ToolFailure(`could not access ${path}: ${output.trim() || `exit code ${code}`}`);
}

export interface FileText {
  text: string;
  /** Bytes past `cap` that were not read. */
  omitted: number;
}

/** A text file of the sandbox, read through the sandbox, at most `cap` bytes of it. */
export async function readSandboxFile(
  tc: ToolContext,
  path: string,
  cap: number,
): Promise<FileText> {
  const result = await captureExec(
    tc.sandbox,
    guarded(
      `[ -e "$1" ] || exit ${NOT_FOUND}; [ -f "$1" ] || exit ${NOT_A_FILE}; cat -- "$1"`,
      path,
    ),
    { env: tc.env, signal: tc.signal, timeoutMs: FILE_OP_TIMEOUT_MS, cap },
  );
  if (result.exitCode !== 0) throw refusal(result.exitCode, result.output, path);
  if (result.output.includes("\u0000"))
    throw new ToolFailure(`${path} is a binary file; the tools read text files only.`);
  return { text: result.output, omitted: result.omitted };
}

/** Writes a file in the sandbox, creating its folders, through the sandbox. */
export async function writeSandboxFile(
  tc: ToolContext,
  path: string,
  content: string,
): Promise<void> {
  const result = await captureExec(
    tc.sandbox,
    guarded(
      `[ ! -d "$1" ] || exit ${NOT_A_FILE}; mkdir -p -- "$(dirname -- "$1")" && cat > "$1"`,
      path,
    ),
    { env: tc.env, signal: tc.signal, timeoutMs: FILE_OP_TIMEOUT_MS, cap: 4096, input: content },
  );
  if (result.exitCode !== 0) throw refusal(result.exitCode, result.output, path);
}
