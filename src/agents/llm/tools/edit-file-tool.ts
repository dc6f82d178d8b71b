import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { readSandboxFile, writeSandboxFile } from "../sandbox-files.js";
import { sandboxPath } from "../sandbox-path.js";
import type { ToolContext } from "../tool-context.js";
import { ToolFailure } from "../tool-failure.js";

const DESCRIPTION = readFileSync(new URL("./edit-file.txt", import.meta.url), "utf8");
/** Files edited in place are read whole; larger ones get write_file. */
const EDIT_LIMIT = 8 * 1024 * 1024;

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split("\n").length;
}

function occurrences(text: string, search: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(search); at !== -1; at = text.indexOf(search, at + search.length))
    found.push(at);
  return found;
}

/** Where the first line of a missed search text does appear: usually a whitespace slip. */
function nearMiss(text: string, search: string): string {
  const firstLine = search
    .split("\n")
    .find((l) => l.trim() !== "")
    ?.trim();
  if (!firstLine) return "";
  const lines = text.split("\n");
  const hits = lines.flatMap((l, i) => (l.trim() === firstLine ? [i + 1] : []));
  if (hits.length === 0) return "";
  return ` Its first line appears (ignoring indentation) at line ${hits.slice(0, 5).join(", ")}: compare whitespace and the lines after it.`;
}

export function editFileTool(tc: ToolContext) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      path: z.string().describe("the file, relative to the repository's root"),
      search: z.string().min(1).describe("the exact text to replace"),
      replace: z.string().describe("the text to put in its place"),
      replace_all: z.boolean().optional().describe("replace every occurrence"),
    }),
    async execute({ path, search, replace, replace_all }) {
      const file = sandboxPath(path, tc.sandbox.root);
      const { text, omitted } = await readSandboxFile(tc, file, EDIT_LIMIT);
      if (omitted > 0)
        throw new ToolFailure(`${file} is too large to edit in place; rewrite it with write_file.`);
      const found = occurrences(text, search);
      if (found.length === 0) {
        throw new ToolFailure(
          `the search text was not found in ${file}; nothing changed.${nearMiss(text, search)} Read the file again and copy the text exactly.`,
        );
      }
      if (found.length > 1 && !replace_all) {
        const lines = found.slice(0, 10).map((at) => lineOf(text, at));
        throw new ToolFailure(
          `the search text appears ${found.length} times in ${file} (lines ${lines.join(", ")}); nothing changed. Include more surrounding lines to make it unique, or set replace_all to replace every one.`,
        );
      }
      const updated = replace_all
        ? text.split(search).join(replace)
        : text.replace(search, () => replace);
      await writeSandboxFile(tc, file, updated);
      return `replaced ${found.length} occurrence${found.length === 1 ? "" : "s"} in ${file} (line ${lineOf(text, found[0] ?? 0)})`;
    },
  });
}
