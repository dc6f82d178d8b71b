import { expect, it } from "vitest";
import { npmApp } from "./support/npm-app.js";
import { armada, statusJson } from "./support/run-cli.js";
import {
  describeWhen,
  dockerMissing,
  overlayMissing,
  TEST_IMAGE,
} from "./support/sandbox-availability.js";
import { type TempRepo, tempRepo } from "./support/temp-repo.js";

/** An app whose lockfile pins a local package: `npm ci` installs it with no registry. */
function app(sources = ["a", "b", "c"]): TempRepo {
  return npmApp(
    {
      ".gitignore": "node_modules/\n",
      ".npmrc": "audit=false\nfund=false\noffline=true\n",
      ...Object.fromEntries(sources.map((name) => [`src/${name}.js`, `// ${name}\n`])),
    },
    "module.exports = 'from-x';\n",
  );
}

const AGENT = `node -e "process.stdout.write(require('x') + '\\\\n')" >> {files}`;

describeWhen("setup, once per run, under every sandbox", overlayMissing(), () => {
  it("proposes npm ci from the lockfile, runs it once for 40 sandboxes, and the next run reuses it", async () => {
    const names = ["a", ...Array.from({ length: 39 }, (_, i) => `m${String(i).padStart(2, "0")}`)];
    const repo = app(names);
    const first = await armada(
      [
        ...["run", "Use x", "--each", "src/*.js", "--agent-cmd", AGENT],
        ...["--check", "node -e \"require('x')\"", "--yes"],
      ],
      { cwd: repo.root, timeoutMs: 120_000 },
    );
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(
      "Setup: npm ci (proposed from the lockfile; --no-setup skips it; once per run",
    );
    expect(first.stdout).toMatch(/setup RUNNING: npm ci/);
    expect(first.stdout).toMatch(/setup DONE in [\d.]+s: node_modules under every sandbox/);
    expect(first.stdout.indexOf("setup DONE")).toBeLessThan(first.stdout.indexOf("WORKING"));
    expect(first.stdout.match(/setup RUNNING/g)).toHaveLength(1);
    for (const file of names) expect(repo.read(`src/${file}.js`)).toBe(`// ${file}\nfrom-x\n`);
    // The layer is under the sandboxes, never in the result.
    const status = await statusJson(repo.root);
    expect(status.tasks).toHaveLength(40);
    expect(status.tasks.flatMap((t) => t.changed).sort()).toEqual(
      names.map((name) => `src/${name}.js`).sort(),
    );
    const logs = await armada(["logs", status.run.id, "setup"], { cwd: repo.root });
    expect(logs.stdout).toContain("── setup (built) ──");
    expect(logs.stdout).toContain("$ npm ci");

    repo.git("checkout", "--", "src");
    const second = await armada(
      ["run", "Use x again", "--each", "src/a.js", "--agent-cmd", AGENT, "--yes"],
      { cwd: repo.root, timeoutMs: 120_000 },
    );
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/setup CACHED: the layer of an earlier run with the same inputs/);
    expect(repo.read("src/a.js")).toBe("// a\nfrom-x\n");
    const gc = await armada(["gc", "--older-than", "0s"], { cwd: repo.root });
    expect(gc.stdout).toContain("Removed 1 setup layer(s) unused for 0ms: npm ci.");
  });

  it("armada plan shows the proposed setup and writes it into the plan file, where a run takes it", async () => {
    const repo = app();
    const planned = await armada(["plan", "Use x", "--each", "src/*.js", "--out", "plan.yaml"], {
      cwd: repo.root,
    });
    expect(planned.code).toBe(0);
    expect(planned.stdout).toContain("Setup: npm ci (proposed from the lockfile;");
    expect(repo.read("plan.yaml")).toContain("setup:\n  - npm ci\n");
    const ran = await armada(["run", "--plan", "plan.yaml", "--agent-cmd", AGENT, "--yes"], {
      cwd: repo.root,
      timeoutMs: 120_000,
    });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("Setup: npm ci (the plan;");
    expect(repo.read("src/b.js")).toBe("// b\nfrom-x\n");
  });

  it("a lockfile out of step with its manifest fails setup, and no task starts", async () => {
    const repo = app();
    repo.write(
      "package.json",
      JSON.stringify({
        name: "app",
        version: "1.0.0",
        dependencies: { x: "file:vendor/x-1.0.0.tgz", y: "^1.0.0" },
      }),
    );
    repo.commitAll("y without the lockfile");
    const result = await armada(
      ["run", "Use x", "--each", "src/*.js", "--agent-cmd", AGENT, "--yes"],
      { cwd: repo.root, timeoutMs: 120_000 },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/setup FAILED: Setup `npm ci` failed \(exit code \d+\)/);
    expect(result.stdout).not.toContain("WORKING");
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => t.state)).toEqual(["cancelled", "cancelled", "cancelled"]);
    expect(status.run.error).toContain("setup failed, so no task started");
    const logs = await armada(["logs", status.run.id, "setup"], { cwd: repo.root });
    expect(logs.stdout).toContain("── setup (failed) ──");
    expect(repo.read("src/a.js")).toBe("// a\n");
  });

  it("setup alone has the network: with --no-setup-network a download fails and says why", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armada(
      [
        ...["run", "Edit", "--each", "a.txt", "--agent-cmd", "echo x >> {files}", "--yes"],
        ...["--setup", "curl -sS -m 10 https://registry.npmjs.org/ > /dev/null"],
        "--no-setup-network",
      ],
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/setup FAILED: Setup `curl .*` failed \(exit code \d+\)/);
    expect(result.stdout).toContain("Setup ran without the network (--no-setup-network)");
    // By default setup has the network, and the agents do not.
    const online = await armada(
      [
        ...["run", "Edit", "--each", "a.txt", "--yes"],
        ...[
          "--setup",
          "mkdir -p out && curl -sS -m 10 -o out/registry.json https://registry.npmjs.org/left-pad",
        ],
        ...[
          "--agent-cmd",
          "test -s out/registry.json && echo seen >> {files}; curl -sS -m 5 https://registry.npmjs.org/ > /dev/null && echo online >> {files} || echo offline >> {files}",
        ],
      ],
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(online.code).toBe(0);
    expect(repo.read("a.txt")).toBe("a\nseen\noffline\n");
    expect(result.stdout).toContain(
      "(--setup; once per run, cached by what it reads, without the network)",
    );
  });

  it("setupEnv reaches setup only; a variable it names that is not set is refused", async () => {
    const repo = tempRepo({ "a.txt": "a\n", ".gitignore": "node_modules/\n" });
    repo.write(
      "plan.yaml",
      [
        "objective: Show what setup saw",
        "setup:",
        '  - mkdir -p node_modules && printf "%s" "$REGISTRY_TOKEN" | wc -c > node_modules/token-length',
        "setupEnv: [REGISTRY_TOKEN]",
        "tasks:",
        "  - id: a",
        "    files: [a.txt]",
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell default, not a template
        '    command: cat node_modules/token-length >> a.txt && echo "${REGISTRY_TOKEN:-unset}" >> a.txt',
        "",
      ].join("\n"),
    );
    repo.commitAll("plan");
    const refused = await armada(["run", "--plan", "plan.yaml", "--yes"], { cwd: repo.root });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "setupEnv names REGISTRY_TOKEN, which is not set in your environment",
    );
    const result = await armada(["run", "--plan", "plan.yaml", "--yes"], {
      cwd: repo.root,
      env: { REGISTRY_TOKEN: "s3cret" },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Setup: mkdir -p node_modules");
    expect(result.stdout).toContain("(the plan;");
    expect(repo.read("a.txt")).toBe("a\n6\nunset\n");
  });
});

describeWhen("setup under docker sandboxes", dockerMissing(), () => {
  it("every container of the run starts from the setup layer's image", async () => {
    const repo = tempRepo({ ".gitignore": "node_modules/\n", "a.txt": "a\n", "b.txt": "b\n" });
    const setup = "mkdir -p node_modules/dep && echo from-setup > node_modules/dep/v";
    const result = await armada(
      [
        ...[
          "run",
          "Use dep",
          "--each",
          "*.txt",
          "--agent-cmd",
          "cat node_modules/dep/v >> {files}",
        ],
        ...["--setup", setup, "--sandbox", "docker", "--image", TEST_IMAGE, "--yes"],
        ...["--check", "test -f node_modules/dep/v"],
      ],
      { cwd: repo.root, timeoutMs: 180_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/setup DONE in [\d.]+s: node_modules under every sandbox/);
    expect(result.stdout).toContain("run checks PASSED");
    expect(repo.read("a.txt")).toBe("a\nfrom-setup\n");
    expect(repo.read("b.txt")).toBe("b\nfrom-setup\n");
    await armada(["gc", "--older-than", "0s"], { cwd: repo.root });
  });
});
