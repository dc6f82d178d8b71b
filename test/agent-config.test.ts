import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { agentClisMissing, claudeEnv, claudeServer, tempHome } from "./support/agent-clis.js";
import { armada, statusJson } from "./support/run-cli.js";
import { describeWhen, overlayMissing } from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";

describeWhen("agent CLIs from the configuration", agentClisMissing() ?? overlayMissing(), () => {
  it("runs a CLI of the user's, read as claude, with only the variables it names", async () => {
    const server = await claudeServer();
    const repo = tempRepo({ "src/f1.js": "export const f1 = 1;\n" });
    const env = claudeEnv(server, tempHome());
    writeFileSync(
      path.join(repo.root, "armada.config.json"),
      JSON.stringify({
        agents: {
          "team-claude": {
            command: "claude",
            args: [
              ...["-p", "{prompt}", "--output-format", "stream-json", "--verbose"],
              ...["--permission-mode", "bypassPermissions"],
            ],
            env: ["ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"],
            endpoint: env.ANTHROPIC_BASE_URL,
            usage: "claude",
          },
        },
      }),
    );
    repo.commitAll("config");
    const result = await armada(
      ["run", "Add a comment", "--each", "src/*.js", "--agent", "team-claude", "--yes"],
      { cwd: repo.root, env: { ...env, OTHER_SECRET: "s3cret" }, timeoutMs: 60_000 },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("COMPLETED");
    expect(result.code).toBe(0);
    expect(repo.read("src/f1.js")).toBe("export const f1 = 1;\n// edited by claude\n");
    const status = await statusJson(repo.root);
    expect(status.tasks[0]?.usage?.inputTokens).toBe(130);
    const logs = await armada(["logs", status.run.id, "src-f1-js"], { cwd: repo.root });
    expect(logs.stdout).toContain("passing ANTHROPIC_API_KEY, ANTHROPIC_BASE_URL\n");
    expect(logs.stdout).toContain("→ Bash echo '// edited by claude' >> src/f1.js");
  });

  it("refuses an agents: entry with a field it does not know, naming the file and the field", async () => {
    const repo = tempRepo({ "src/f1.js": "x\n" });
    writeFileSync(
      path.join(repo.root, "armada.config.json"),
      JSON.stringify({ agents: { claude: { flags: ["--x"] } } }),
    );
    const result = await armada(
      ["run", "Edit", "--each", "src/*.js", "--agent", "claude", "--yes"],
      { cwd: repo.root, env: { HOME: tempHome() } },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `armada: Invalid armada configuration in ${path.join(repo.root, "armada.config.json")} (field "agents.claude"): unknown field(s) "flags". Fix the file and run again.`,
    );
  });
});
