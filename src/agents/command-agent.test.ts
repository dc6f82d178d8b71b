import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { renderCommand } from "./command-agent.js";

describe("renderCommand", () => {
  it("shell-quotes every value so it reaches the command unchanged", () => {
    const command = renderCommand("printf '%s|' {files} {instructions} {task}", {
      files: ["a b.js", "it's.js", "$(rm -rf ~).js"],
      instructions: 'Say "hi"; then `exit`',
      task: "t-1",
      objective: "o",
    });
    expect(execFileSync("/bin/sh", ["-c", command], { encoding: "utf8" })).toBe(
      `a b.js|it's.js|$(rm -rf ~).js|Say "hi"; then \`exit\`|t-1|`,
    );
  });
});
