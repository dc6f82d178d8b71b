import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AgentContext } from "../core/agent-port.js";
import type { Sandbox } from "../core/sandbox-port.js";
import { tempProject } from "../recipes/js-to-ts/test-support/temp-project.js";
import { runProcess, scrubbedEnv } from "../sandbox/index.js";
import { createAgent } from "./index.js";

/** A sandbox that is a plain folder: exec runs real processes in it. */
function folderSandbox(root: string): Sandbox {
  return {
    root,
    driver: "folder",
    location: root,
    exec: (command, options) => runProcess(command, root, options),
    captureTree: () => Promise.reject(new Error("not used")),
    openEgress: () => Promise.reject(new Error("not used")),
    dispose: () => Promise.resolve(),
  };
}

function context(files: string[], log: string[]): AgentContext {
  return {
    runId: "r1",
    objective: "Convert to TypeScript",
    attempt: 1,
    files,
    env: scrubbedEnv(),
    timeoutMs: 60_000,
    signal: new AbortController().signal,
    log: (chunk) => log.push(chunk.toString()),
    runChecks: () => Promise.reject(new Error("the builtin agent runs no checks itself")),
    transcriptPath: "/dev/null",
  };
}

const task = {
  id: "convert-src",
  title: "Convert src",
  instructions: "",
  files: [],
  deps: [],
  checks: [],
};

describe("the builtin agent", () => {
  it("runs the recipe's script in the sandbox, on the task's files", async () => {
    const project = tempProject({
      "package.json": "{}",
      "src/a.js": "export const a = (n) => n * 2;\na(1);\n",
    });
    const log: string[] = [];
    const outcome = await createAgent("builtin:js-to-ts", {}).run(
      task,
      folderSandbox(project.root),
      context(["src/a.js"], log),
    );
    expect(outcome).toMatchObject({ ok: true });
    expect(log.join("")).toContain("armada: converted src/a.js → src/a.ts");
    expect(project.read("src/a.ts")).toBe("export const a = (n: number) => n * 2;\na(1);\n");
    expect(existsSync(path.join(project.root, "src/a.js"))).toBe(false);
  });

  it("fails with the script's own reason", async () => {
    const project = tempProject({ "package.json": "{}", "src/a.js": "export const = 1;\n" });
    const outcome = await createAgent("builtin:js-to-ts", {}).run(
      task,
      folderSandbox(project.root),
      context(["src/a.js"], []),
    );
    expect(outcome).toMatchObject({
      ok: false,
      error: "src/a.js:1:14: Variable declaration expected. (this task changed no file)",
    });
  });

  it("names the built-in agents when asked for one that does not exist", () => {
    expect(() => createAgent("builtin:nope", {})).toThrow(
      'Unknown built-in agent "builtin:nope". Built-in agents: builtin:js-to-ts.',
    );
  });
});
