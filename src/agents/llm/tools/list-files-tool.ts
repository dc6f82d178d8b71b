import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { captureExec, GUARD_REFUSED, guarded } from "../sandbox-exec.js";
import { sandboxPath } from "../sandbox-path.js";
import { FILE_OP_TIMEOUT_MS, type ToolContext } from "../tool-context.js";
import { ToolFailure } from "../tool-failure.js";

const DESCRIPTION = readFileSync(new URL("./list-files.txt", import.meta.url), "utf8");
const MAX_ENTRIES = 400;

// Git knows what is ignored; sandboxes without git still get a listing.
const LIST = `[ -d "$1" ] || { echo "$1 is not a folder." >&2; exit 2; }
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files --cached --others --exclude-standard -- "$1"
else
  find "$1" -name .git -prune -o -type f -print | sed 's|^\\./||'
fi`;

export function listFilesTool(tc: ToolContext) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      path: z.string().optional().describe("a folder, relative to the repository's root"),
    }),
    async execute({ path }) {
      const dir = sandboxPath(path ?? ".", tc.sandbox.root, "dir");
      const result = await captureExec(tc.sandbox, guarded(LIST, dir), {
        env: tc.env,
        signal: tc.signal,
        timeoutMs: FILE_OP_TIMEOUT_MS,
        cap: 1024 * 1024,
      });
      if (result.exitCode === GUARD_REFUSED || result.exitCode === 2)
        throw new ToolFailure(result.output.trim());
      if (result.exitCode !== 0)
        throw new ToolFailure(`could not list ${dir}: ${result.output.trim()}`);
      const files = [...new Set(result.output.split("\n").filter(Boolean))].sort();
      if (files.length === 0) return `no files under ${dir}`;
      const shown = files.slice(0, MAX_ENTRIES).join("\n");
      return files.length > MAX_ENTRIES
        ? `${shown}\n[armada: ${files.length - MAX_ENTRIES} more files; list a subfolder to see them]`
        : shown;
    },
  });
}
