import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import { runGit } from "../../git/index.js";
import type { SnapshotView } from "./snapshot-view.js";

const DESCRIPTION = readFileSync(new URL("./read-file.txt", import.meta.url), "utf8");
const MAX_LINES = 400;

export function readFileTool(view: SnapshotView) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      path: z.string().describe("the file, relative to the repository's root"),
      offset: z.number().int().min(1).optional().describe("first line to return (from 1)"),
    }),
    async execute({ path, offset }) {
      const file = path.replace(/^\.?\/+/, "");
      if (!view.files.includes(file))
        throw new Error(`${path} is not a file of the repository; list_files shows them.`);
      const { stdout } = await runGit(["cat-file", "blob", `${view.commit}:${file}`], {
        cwd: view.root,
      });
      if (stdout.includes("\u0000")) return `${file} is a binary file.`;
      const lines = stdout.split("\n");
      const first = (offset ?? 1) - 1;
      const shown = lines.slice(first, first + MAX_LINES);
      const last = first + shown.length;
      return last < lines.length
        ? `${shown.join("\n")}\n[lines ${first + 1}-${last} of ${lines.length}; read on with offset ${last + 1}]`
        : shown.join("\n");
    },
  });
}
