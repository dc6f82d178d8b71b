import { tool } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { oneAtATime } from "./one-at-a-time.js";

describe("oneAtATime", () => {
  it("runs tool calls started together one after another, in the order they were called", async () => {
    const events: string[] = [];
    const slow = (name: string, ms: number) =>
      tool({
        description: name,
        inputSchema: z.object({}),
        async execute() {
          events.push(`${name} start`);
          await new Promise((resolve) => setTimeout(resolve, ms));
          events.push(`${name} end`);
          return name;
        },
      });
    const tools = oneAtATime({ first: slow("first", 50), second: slow("second", 1) });
    const options = { toolCallId: "1", messages: [] };
    const results = await Promise.all([
      tools.first.execute?.({}, options),
      tools.second.execute?.({}, options),
    ]);
    expect(results).toEqual(["first", "second"]);
    expect(events).toEqual(["first start", "first end", "second start", "second end"]);
  });
});
