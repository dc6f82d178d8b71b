import { describe, expect, it } from "vitest";
import type { AttemptSpec } from "../core/dispatcher-port.js";
import { parseAllowedAgents, refusalOf } from "./allowed-agents.js";

function spec(agent: string, checks: string[] = []): AttemptSpec {
  return { agent, task: { id: "t", checks } } as unknown as AttemptSpec;
}

describe("the agents a worker allows", () => {
  it("allows only the built-in recipes unless told otherwise", () => {
    const allowed = parseAllowedAgents(undefined);
    expect(refusalOf(spec("builtin:js-to-ts"), allowed)).toBeUndefined();
    expect(refusalOf(spec("command"), allowed)).toBe(
      "it runs the command agent, which this worker was not started to allow (--allow-agents builtin); start a worker with --allow-agents builtin,command",
    );
    expect(refusalOf(spec("llm"), allowed)).toMatch(/--allow-agents builtin,llm$/);
  });

  it("treats a task's checks as shell commands", () => {
    expect(refusalOf(spec("llm", ["npm test"]), parseAllowedAgents("llm"))).toMatch(
      /^its checks are shell commands.*--allow-agents llm,command$/,
    );
    expect(refusalOf(spec("llm", ["npm test"]), parseAllowedAgents("llm,command"))).toBeUndefined();
  });

  it("refuses names it does not know", () => {
    expect(() => parseAllowedAgents("command,shell")).toThrow(/"shell" is not one/);
    expect(() => parseAllowedAgents(",")).toThrow(/--allow-agents takes/);
  });
});
