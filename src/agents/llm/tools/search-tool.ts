import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { captureExec, GUARD_REFUSED, guarded } from "../sandbox-exec.js";
import { sandboxPath } from "../sandbox-path.js";
import { FILE_OP_TIMEOUT_MS, type ToolContext } from "../tool-context.js";
import { ToolFailure } from "../tool-failure.js";

const DESCRIPTION = readFileSync(new URL("./search.txt", import.meta.url), "utf8");
const MAX_MATCHES = 200;
const MAX_LINE = 300;

// ripgrep when there is one; git grep respects .gitignore in sandboxes without it; grep last.
const SEARCH = `if command -v rg >/dev/null 2>&1; then
  rg --line-number --no-heading --color never --max-columns ${MAX_LINE} -e "$2" -- "$1"
elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git grep --line-number -I -E --untracked -e "$2" -- "$1"
else
  grep -rnIE --exclude-dir=.git -e "$2" -- "$1"
fi`;

export function searchTool(tc: ToolContext) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      pattern: z.string().min(1).describe("a regular expression"),
      path: z.string().optional().describe("a folder or file to search in (default: everything)"),
    }),
    async execute({ pattern, path }) {
      const where = sandboxPath(path ?? ".", tc.sandbox.root, "dir");
      const result = await captureExec(tc.sandbox, guarded(SEARCH, where, pattern), {
        env: tc.env,
        signal: tc.signal,
        timeoutMs: FILE_OP_TIMEOUT_MS,
        cap: 256 * 1024,
      });
      if (result.exitCode === GUARD_REFUSED) throw new ToolFailure(result.output.trim());
      if (result.exitCode === 1) return `no matches for /${pattern}/ in ${where}`;
      if (result.exitCode !== 0)
        throw new ToolFailure(`the search failed: ${result.output.trim().slice(0, 500)}`);
      const lines = result.output
        .split("\n")
        .filter(Boolean)
        .map((line) => line.replace(/^\.\//, "").slice(0, MAX_LINE));
      const shown = lines.slice(0, MAX_MATCHES).join("\n");
      return lines.length > MAX_MATCHES || result.omitted > 0
        ? `${shown}\n[armada: more matches than shown; search for something more specific]`
        : shown;
    },
  });
}
