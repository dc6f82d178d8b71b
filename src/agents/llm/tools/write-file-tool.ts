import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { writeSandboxFile } from "../sandbox-files.js";
import { sandboxPath } from "../sandbox-path.js";
import type { ToolContext } from "../tool-context.js";

const DESCRIPTION = readFileSync(new URL("./write-file.txt", import.meta.url), "utf8");

export function writeFileTool(tc: ToolContext) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      path: z.string().describe("the file, relative to the repository's root"),
      content: z.string().describe("the complete new content of the file"),
    }),
    async execute({ path, content }) {
      const file = sandboxPath(path, tc.sandbox.root);
      await writeSandboxFile(tc, file, content);
      return `wrote ${Buffer.byteLength(content)} bytes to ${file}`;
    },
  });
}
