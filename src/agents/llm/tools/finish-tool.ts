import { readFileSync } from "node:fs";
import { tool } from "ai";
import { z } from "zod";

const DESCRIPTION = readFileSync(new URL("./finish.txt", import.meta.url), "utf8");

export const FINISH = "finish";

/** Ends a turn of the loop; `onFinish` hears the summary. */
export function finishTool(onFinish: (summary: string) => void) {
  return tool({
    description: DESCRIPTION,
    inputSchema: z.object({ summary: z.string().describe("what you changed, in a few lines") }),
    async execute({ summary }) {
      onFinish(summary);
      return "noted";
    },
  });
}
