import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { armada, spawnArmada, statusJson, waitFor } from "./support/run-cli.js";
import { tempRepo } from "./support/temp-repo.js";

const AGENT = ["--agent-cmd", "true", "--yes"];

function planFile(repoRoot: string, text: string): string {
  const file = path.join(repoRoot, "..", `${path.basename(repoRoot)}-plan.yaml`);
  writeFileSync(file, text);
  onTestFinished(() => rmSync(file, { force: true }));
  return file;
}

/** Nothing was written: no run in the store, no armada refs, the working tree as it was. */
async function expectNothingWritten(repo: ReturnType<typeof tempRepo>): Promise<void> {
  expect((await armada(["list", "--json"], { cwd: repo.root })).stdout.trim()).toBe("[]");
  expect(repo.git("for-each-ref", "refs/armada", "refs/heads/armada")).toBe("");
  expect(repo.git("status", "--porcelain")).toBe("");
}

describe("bad input: a clear message, a non-zero exit, nothing written", () => {
  it("not a git repository", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "armada-nogit-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const result = await armada(["run", "x", "--each", "*.js", ...AGENT], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `armada: ${dir} is not inside a git repository. Armada works on git repositories: run it from inside one, pass --repo <dir>, or create one with \`git init && git add -A && git commit -m initial\`.\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a repository without commits", async () => {
    const repo = tempRepo({ "a.js": "1" }, { commit: false });
    const result = await armada(["run", "x", "--each", "*.js", ...AGENT], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "has no commits yet, so there is no base for sub-agents to start from. Make a first commit",
    );
  });

  it("a plan file whose YAML does not parse names the line", async () => {
    const repo = tempRepo({ "a.js": "1" });
    const file = planFile(
      repo.root,
      "objective: x\ntasks:\n  - id: a\n    files: [a.js\n  - id: b\n",
    );
    const result = await armada(["run", "--plan", file, ...AGENT], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^armada: Invalid plan \\(${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}, line \\d\\): the YAML does not parse: `,
      ),
    );
    expect(result.stderr).toContain("Fix the plan and run again; nothing was started.");
    await expectNothingWritten(repo);
  });

  it("a plan file with an unknown field names its line and field", async () => {
    const repo = tempRepo({ "a.js": "1" });
    const file = planFile(
      repo.root,
      "objective: x\ntasks:\n  - id: a\n    files: [a.js]\n    dependencies: [b]\n",
    );
    const result = await armada(["run", "--plan", file, ...AGENT], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Invalid plan (${file}, line 5, field "tasks[0].dependencies"): tasks[0].dependencies unknown field "dependencies".`,
    );
    expect(result.stderr).toContain("Known fields of a plan");
    await expectNothingWritten(repo);
  });

  it("a plan file with a missing required field", async () => {
    const repo = tempRepo({ "a.js": "1" });
    const file = planFile(repo.root, "objective: x\ntasks:\n  - title: no id\n");
    const result = await armada(["run", "--plan", file, ...AGENT], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `Invalid plan (${file}, line 3, field "tasks[0].id"): tasks[0].id is required.`,
    );
  });

  it("a dependency on a missing task", async () => {
    const repo = tempRepo({ "a.js": "1" });
    const file = planFile(repo.root, "objective: x\ntasks:\n  - id: a\n    deps: [ghost]\n");
    const result = await armada(["run", "--plan", file, ...AGENT], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'task "a" depends on "ghost", which is not a task of this plan.',
    );
    await expectNothingWritten(repo);
  });

  it("a dependency cycle is named", async () => {
    const repo = tempRepo({ "a.js": "1" });
    const file = planFile(
      repo.root,
      "objective: x\ntasks:\n  - { id: a, deps: [c] }\n  - { id: b, deps: [a] }\n  - { id: c, deps: [b] }\n  - { id: d }\n",
    );
    const result = await armada(["run", "--plan", file, ...AGENT], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("the dependencies form a cycle: a -> c -> b -> a.");
    await expectNothingWritten(repo);
  });

  it("--each that matches no file", async () => {
    const repo = tempRepo({ "a.js": "1" });
    const result = await armada(["run", "x", "--each", "src/**/*.ts", ...AGENT], {
      cwd: repo.root,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--each "src/**/*.ts" matches no file of the repository');
    await expectNothingWritten(repo);
  });

  it("an unknown run id lists the known ones", async () => {
    const repo = tempRepo({ "a.js": "1" });
    expect(
      (await armada(["run", "x", "--each", "a.js", "--no-apply", ...AGENT], { cwd: repo.root }))
        .code,
    ).toBe(0);
    const runs = JSON.parse((await armada(["list", "--json"], { cwd: repo.root })).stdout) as {
      id: string;
    }[];
    for (const command of ["status", "logs", "diff", "apply", "cancel", "resume"]) {
      const result = await armada([command, "nosuchrun"], { cwd: repo.root });
      expect(result.code, command).toBe(1);
      expect(result.stderr, command).toBe(
        `armada: No run "nosuchrun" in this repository. Known runs, newest first: ${runs[0]?.id}. \`armada list\` shows them all.\n`,
      );
    }
  });

  it("apply refuses when the working tree has edits on the same paths, and loses nothing", async () => {
    const repo = tempRepo({ "a.txt": "a\n", "b.txt": "b\n" });
    const ran = await armada(
      [
        "run",
        "x",
        "--each",
        "*.txt",
        "--agent-cmd",
        "echo changed > {files}",
        "--no-apply",
        "--yes",
      ],
      { cwd: repo.root },
    );
    expect(ran.code).toBe(0);
    repo.write("b.txt", "my own edit\n");
    const result = await armada(["apply"], { cwd: repo.root });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "you changed these paths in your working tree since the run started: b.txt. Nothing was changed",
    );
    expect(repo.read("a.txt")).toBe("a\n");
    expect(repo.read("b.txt")).toBe("my own edit\n");
    repo.write("b.txt", "b\n");
    const retried = await armada(["apply"], { cwd: repo.root });
    expect(retried.code).toBe(0);
    expect(repo.read("a.txt")).toBe("changed\n");
  });

  it("a run whose working tree changed under it keeps the result on its branch", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armada(
      [
        "run",
        "x",
        "--each",
        "a.txt",
        "--agent-cmd",
        `sleep 1; echo agent > a.txt`,
        "--yes",
        "--detach",
      ],
      { cwd: repo.root },
    );
    expect(result.code).toBe(0);
    repo.write("a.txt", "user edit during the run\n");
    const runId = /Run (\w+) started/.exec(result.stdout)?.[1] ?? "";
    const status = await waitFor(
      async () => {
        const s = await statusJson(repo.root, runId);
        return s.run.state === "failed" ? s : undefined;
      },
      20_000,
      "the run to end",
    );
    expect(status.run.applyState).toBe("refused");
    expect(status.run.error).toBe("the result could not be applied to your working tree");
    expect(repo.read("a.txt")).toBe("user edit during the run\n");
    expect(repo.git("show", `armada/${runId}:a.txt`)).toBe("agent");
  });

  it("flags with bad values", async () => {
    const repo = tempRepo({ "a.js": "1" });
    const cases: [string[], string][] = [
      [["--concurrency", "0"], '--concurrency must be a whole number of at least 1, not "0".'],
      [
        ["--timeout", "soon"],
        '--timeout "soon" is not a duration. Use a number with a unit, such as 90s, 10m or 1h30m.',
      ],
      [["--scope", "loose"], '--scope must be one of warn, strict, not "loose".'],
      [["--sandbox", "vm"], 'Unknown sandbox "vm". Available sandboxes:'],
      [["--agent", "robot"], 'Unknown agent "robot". Available agents:'],
    ];
    for (const [flags, message] of cases) {
      const result = await armada(["run", "x", "--each", "*.js", ...AGENT, ...flags], {
        cwd: repo.root,
      });
      expect(result.code, flags.join(" ")).toBe(2);
      expect(result.stderr, flags.join(" ")).toContain(message);
    }
    const noCommand = await armada(["run", "x", "--each", "*.js", "--yes"], { cwd: repo.root });
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toContain("The command agent needs a command: pass --agent-cmd");
    const noPlanner = await armada(["run", "Do something vague", "--yes"], { cwd: repo.root });
    expect(noPlanner.code).toBe(2);
    expect(noPlanner.stderr).toContain('No planner for "Do something vague".');
    await expectNothingWritten(repo);
  });
});

describe("bad input to armada web", () => {
  it("a port that is no port, a port taken, --web with --detach", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const notPort = await armada(["web", "--port", "http"], { cwd: repo.root });
    expect(notPort.code).toBe(2);
    expect(notPort.stderr).toBe(
      'armada: --port must be a port number from 0 to 65535 (0 picks a free one), not "http".\n',
    );

    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => {
      holder.close();
    });
    const taken = (holder.address() as AddressInfo).port;
    const busy = await armada(["web", "--port", String(taken)], { cwd: repo.root });
    expect(busy.code).toBe(2);
    expect(busy.stderr).toBe(
      `armada: Port ${taken} on 127.0.0.1 is taken; pick another with --port, or leave it out for a free one.\n`,
    );

    const both = await armada(["run", "x", "--each", "*.txt", "--web", "--detach", ...AGENT], {
      cwd: repo.root,
    });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(
      "--web serves the dashboard from this command while the run goes",
    );
    await expectNothingWritten(repo);
  });

  it("--host beyond loopback says who can act through it", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const child = spawnArmada(["web", "--host", "0.0.0.0"], { cwd: repo.root });
    onTestFinished(() => {
      child.kill("SIGKILL");
    });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
    });
    await waitFor(() => (out.includes("Ctrl-C stops it.") ? true : undefined));
    expect(out).toMatch(/^Web dashboard: http:\/\/0\.0\.0\.0:\d+\/\?token=[0-9a-f]{48}\n/);
    expect(out).toContain(
      "Listening on 0.0.0.0, not only this machine: anyone who can reach it and has the URL with its token can cancel and retry tasks and apply results to this working tree.",
    );
    child.kill("SIGTERM");
    expect(await new Promise((resolve) => child.on("close", resolve))).toBe(0);
  });
});
