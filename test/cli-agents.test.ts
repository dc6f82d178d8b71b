import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { modelEnv } from "./support/model-env.js";
import { armada, statusJson } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

/**
 * A stand-in for an external agent CLI: records its arguments and the keys it was given,
 * then edits a file in its working directory, as the real one would.
 */
function fakeAgent(name: string): {
  dir: string;
  record: () => { argv: string[]; keys: Record<string, string> };
} {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-fake-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const record = path.join(dir, "record.json");
  const script = `#!/usr/bin/env node
const fs = require("node:fs");
const keys = {};
for (const [k, v] of Object.entries(process.env)) if (/KEY/.test(k)) keys[k] = v;
fs.writeFileSync(${JSON.stringify(record)}, JSON.stringify({ argv: process.argv.slice(2), keys }));
fs.writeFileSync("src/a.js", "// edited by ${name}\\n" + fs.readFileSync("src/a.js", "utf8"));
`;
  const file = path.join(dir, name);
  writeFileSync(file, script);
  chmodSync(file, 0o755);
  return { dir, record: () => JSON.parse(readFileSync(record, "utf8")) };
}

const KEYS = {
  OPENAI_API_KEY: "sk-openai",
  ANTHROPIC_API_KEY: "sk-anthropic",
  GEMINI_API_KEY: "gm-key",
};

const CASES = [
  {
    agent: "codex",
    model: "openai:gpt-5.1-codex",
    args: ["exec", "--full-auto", "--skip-git-repo-check", "--model", "gpt-5.1-codex"],
    key: "OPENAI_API_KEY",
  },
  {
    agent: "claude",
    model: "anthropic:claude-sonnet-4-5",
    args: [
      "-p",
      "<prompt>",
      "--permission-mode",
      "acceptEdits",
      "--output-format",
      "text",
      "--model",
      "claude-sonnet-4-5",
    ],
    key: "ANTHROPIC_API_KEY",
  },
  {
    agent: "aider",
    model: "anthropic:claude-sonnet-4-5",
    args: [
      "--yes-always",
      "--no-auto-commits",
      "--no-dirty-commits",
      "--no-check-update",
      "--no-show-model-warnings",
      "--no-pretty",
      "--model",
      "anthropic/claude-sonnet-4-5",
      "--message",
      "<prompt>",
      "src/a.js",
    ],
    key: "ANTHROPIC_API_KEY",
  },
  {
    agent: "gemini",
    model: "gemini:gemini-2.5-pro",
    args: ["-p", "<prompt>", "--yolo", "--model", "gemini-2.5-pro"],
    key: "GEMINI_API_KEY",
  },
];

describe("external agent CLIs", () => {
  for (const c of CASES) {
    it(`runs ${c.agent} headless in the sandbox with its flags and only its key`, async () => {
      const fake = fakeAgent(c.agent);
      const repo = tempRepo({ "src/a.js": "export const a = 1;\n" });
      const result = await armada(
        [
          "run",
          "Add a header comment",
          "--each",
          "src/a.js",
          "--agent",
          c.agent,
          "--model",
          c.model,
          "--yes",
          "--no-apply",
          // The stand-in records what it got outside the repository: only a worktree lets it.
          "--sandbox",
          "worktree",
        ],
        {
          cwd: repo.root,
          env: { ...modelEnv(repo.root, KEYS), PATH: `${fake.dir}:${process.env.PATH}` },
        },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const { argv, keys } = fake.record();
      const prompt = argv.find((a) => a.includes("# Your task"));
      expect(prompt).toContain("Add a header comment");
      expect(prompt).toContain("- src/a.js");
      expect(argv.map((a) => (a === prompt ? "<prompt>" : a))).toEqual(
        c.args.includes("<prompt>") ? c.args : [...c.args, "<prompt>"],
      );
      expect(keys).toEqual({ [c.key]: KEYS[c.key as keyof typeof KEYS] });
      const status = await statusJson(repo.root);
      expect(repo.git("show", `armada/${status.run.id}:src/a.js`)).toBe(
        `// edited by ${c.agent}\nexport const a = 1;`,
      );
      const logs = await armada(["logs", status.run.id, "src-a-js"], { cwd: repo.root });
      expect(logs.stdout).toContain(`armada: passing ${c.key} to ${c.agent}`);
      expect(logs.stdout).not.toContain(KEYS[c.key as keyof typeof KEYS]);
    });
  }

  it("says how to install a CLI that is missing, and starts no other task", async () => {
    const repo = tempRepo({ "src/a.js": "a\n", "src/b.js": "b\n" });
    const result = await armada(
      ["run", "Edit", "--each", "src/*.js", "--agent", "gemini", "--yes", "--concurrency", "1"],
      { cwd: repo.root, env: { ...modelEnv(repo.root), PATH: "/usr/bin:/bin" } },
    );
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => t.state)).toEqual(["failed", "cancelled"]);
    expect(status.tasks[0]?.error).toContain(
      "gemini is not installed where the sandbox can run it (not on its PATH). Install it with `npm install -g @google/gemini-cli`",
    );
    expect(result.stdout).toContain("HALTED");
  });
});
