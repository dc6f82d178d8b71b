import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";
import type { SnapshotView } from "./snapshot-view.js";

const DESCRIPTION = readFileSync(new URL("./list-files.txt", import.meta.url), "utf8");
const MAX_ENTRIES = 300;

export function listFilesTool(view: SnapshotView) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({
      path: z.string().optional().describe("a folder, relative to the repository's root"),
    }),
    async execute({ path }) {
      const dir = (path ?? "").replace(/^\.?\/*|\/+$/g, "");
      const files = dir ? view.files.filter((f) => f.startsWith(`${dir}/`)) : view.files;
      if (files.length === 0) return `no files under ${dir || "the root"}`;
      const shown = files.slice(0, MAX_ENTRIES).join("\n");
      return files.length > MAX_ENTRIES
        ? `${shown}\n[${files.length - MAX_ENTRIES} more files; list a subfolder]`
        : shown;
    },
  });
}
