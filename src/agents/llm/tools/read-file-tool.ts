import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { readSandboxFile } from "../sandbox-files.js";
import { sandboxPath } from "../sandbox-path.js";
import type { ToolContext } from "../tool-context.js";
import { ToolFailure } from "../tool-failure.js";

const DESCRIPTION = readFileSync(new URL("./read-file.txt", import.meta.url), "utf8");
/** What is read to serve a window of lines, so that a window late in a long file still fits. */
const WINDOW_SOURCE_BYTES = 8 * 1024 * 1024;

/** Whole lines from `first` on, up to `count` of them and `maxBytes` in all. */
function window(lines: string[], first: number, count: number, maxBytes: number): string[] {
  const kept: string[] = [];
  let bytes = 0;
  for (const line of lines.slice(first, first + count)) {
    bytes += Buffer.byteLength(line) + 1;
    if (bytes > maxBytes && kept.length > 0) break;
    kept.push(line);
  }
  return kept;
}

export function readFileTool(tc: ToolContext) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      path: z.string().describe("the file, relative to the repository's root"),
      offset: z.number().int().min(1).optional().describe("first line to return (from 1)"),
      limit: z.number().int().min(1).optional().describe("how many lines to return"),
    }),
    async execute({ path, offset, limit }) {
      const file = sandboxPath(path, tc.sandbox.root);
      const whole = offset === undefined && limit === undefined;
      const { text, omitted } = await readSandboxFile(
        tc,
        file,
        whole ? tc.limits.readBytes : WINDOW_SOURCE_BYTES,
      );
      if (whole && omitted === 0) return text;
      // A cut read ends inside a line: keep whole lines only.
      const lines = omitted > 0 ? text.split("\n").slice(0, -1) : text.split("\n");
      const first = (offset ?? 1) - 1;
      if (first >= lines.length && lines.length > 0)
        throw new ToolFailure(
          `${file} has ${lines.length} lines; offset ${first + 1} is past its end.`,
        );
      const shown = window(lines, first, limit ?? lines.length, tc.limits.readBytes);
      const last = first + shown.length;
      const total = omitted > 0 ? "more" : String(lines.length);
      const more = last < lines.length || omitted > 0 ? `; read on with offset ${last + 1}` : "";
      return `${shown.join("\n")}\n[armada: lines ${first + 1}-${last} of ${total}${more}]`;
    },
  });
}
