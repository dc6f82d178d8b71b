import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { runGit } from "../../git/index.js";
import type { SnapshotView } from "./snapshot-view.js";

const DESCRIPTION = readFileSync(new URL("./search.txt", import.meta.url), "utf8");
const MAX_MATCHES = 100;

export function searchTool(view: SnapshotView) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      pattern: z.string().min(1).describe("an extended regular expression"),
      path: z.string().optional().describe("a folder or file to search in"),
    }),
    async execute({ pattern, path }) {
      const where = (path ?? "").replace(/^\.?\/*|\/+$/g, "");
      const result = await runGit(
        ["grep", "-n", "-I", "-E", "-e", pattern, view.commit, "--", ...(where ? [where] : [])],
        { cwd: view.root, okCodes: [1] },
      );
      if (result.code === 1) return `no matches for /${pattern}/`;
      // git grep on a commit prefixes every line with "<commit>:".
      const lines = result.stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => l.slice(view.commit.length + 1).slice(0, 240));
      const shown = lines.slice(0, MAX_MATCHES).join("\n");
      return lines.length > MAX_MATCHES
        ? `${shown}\n[${lines.length - MAX_MATCHES} more matches; search for something more specific]`
        : shown;
    },
  });
}
