import { expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { describeWhen, overlayMissing } from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";

const PRE_EXISTING = "test -f ok.txt";
const GUARD = "! grep -q BROKEN src/a.js";

function run(root: string, agentCmd: string, extra: string[] = []) {
  return armada(
    [
      ...["run", "Edit", "--each", "src/*.js", "--agent-cmd", agentCmd, "--yes"],
      ...["--check", PRE_EXISTING, "--check", GUARD, "--fix-rounds", "0", ...extra],
    ],
    { cwd: root, timeoutMs: 60_000 },
  );
}

describeWhen("the run's checks judged against the base", overlayMissing(), () => {
  it("reports a check already failing on the base, and passes on no regression", async () => {
    const repo = tempRepo({ "src/a.js": "a\n", "src/b.js": "b\n" });
    const result = await run(repo.root, "echo '// edited' >> {files}");
    expect(result.stdout).toMatch(
      /run BASELINE: `test -f ok\.txt` already fails on your base \(.*baseline\.log\); only regressions count/,
    );
    expect(result.stdout).toContain(
      "run checks PASSED (failing on the base the same way, not counted: test -f ok.txt)",
    );
    expect(result.stdout).toContain(`Checks: no regression (${PRE_EXISTING} && ${GUARD})`);
    expect(result.code).toBe(0);
    expect(repo.read("src/a.js")).toBe("a\n// edited\n");
    const status = await statusJson(repo.root);
    expect(status.run).toMatchObject({
      checksState: "passed",
      baseline: { failing: [PRE_EXISTING] },
    });
    expect(status.tasks.map((t) => t.id)).toEqual(["src-a-js", "src-b-js"]);
  });

  it("fails on a regression, naming only the check the agents broke", async () => {
    const repo = tempRepo({ "src/a.js": "a\n", "src/b.js": "b\n" });
    const result = await run(repo.root, "echo BROKEN >> {files}");
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "run checks FAILED (failing on the base the same way, not counted: test -f ok.txt)",
    );
    expect(result.stdout).toContain(`Checks: failed (${PRE_EXISTING} && ${GUARD})`);
  });

  it("--require-green-base stops before any task starts", async () => {
    const repo = tempRepo({ "src/a.js": "a\n", "src/b.js": "b\n" });
    const result = await run(repo.root, "echo '// edited' >> {files}", ["--require-green-base"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      "`test -f ok.txt` already fails on the base, and --require-green-base asks for a green base",
    );
    const status = await statusJson(repo.root);
    expect(status.tasks.map((t) => t.state)).toEqual(["cancelled", "cancelled"]);
    expect(repo.read("src/a.js")).toBe("a\n");
  });
});

describeWhen("a check that is not a command", overlayMissing(), () => {
  it("stops the run and says so, instead of counting it as failing on the base", async () => {
    const repo = tempRepo({ "src/a.js": "a\n" });
    const result = await armada(
      [
        ...["run", "Edit", "--each", "src/*.js", "--agent-cmd", "sleep 2; echo x >> {files}"],
        ...["--check", "npmm test", "--yes"],
      ],
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /the run's check `npmm test` \(.*not found\) is not a command the sandbox can run/,
    );
    expect(repo.read("src/a.js")).toBe("a\n");
  });
});

describeWhen("a check failing on the base in another way", overlayMissing(), () => {
  it("is a regression when it fails with a new line of failure", async () => {
    const repo = tempRepo({ "src/a.js": "a\n" });
    const check = `grep -q DONE src/a.js || { echo "FAIL: $(tr '\\n' ' ' < src/a.js)"; exit 1; }`;
    const result = await armada(
      [
        ...["run", "Edit", "--each", "src/*.js", "--agent-cmd", "echo more >> {files}", "--yes"],
        ...["--check", check, "--fix-rounds", "0"],
      ],
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.stdout).toContain("already fails on your base");
    expect(result.stdout).toMatch(/run checks FAILED\n/);
    expect(result.code).toBe(1);
  });
});

describeWhen("a test suite whose report armada reads", overlayMissing(), () => {
  const SUITE = {
    "src/math.js": "exports.add = (a, b) => a + b;\nexports.half = (a) => a / 3;\n",
    "test/math.test.js": `const test = require("node:test");
const assert = require("node:assert");
const { add, half } = require("../src/math.js");
test("add works", () => assert.strictEqual(add(1, 2), 3));
test("half works", () => assert.strictEqual(half(4), 2));
`,
  };
  const CHECK = "node --test --test-reporter=tap test/";

  function run(root: string, agentCmd: string) {
    return armada(
      [
        ...["run", "Edit", "--each", "src/*.js", "--agent-cmd", agentCmd, "--yes"],
        ...["--check", CHECK, "--fix-rounds", "0", "--conflict-retries", "0"],
      ],
      { cwd: root, timeoutMs: 60_000 },
    );
  }

  it("names the test already failing on the base, and passes when no other test fails", async () => {
    const repo = tempRepo(SUITE);
    // Lines added above the code move every line number of the known failure's stack.
    const result = await run(
      repo.root,
      "printf '// a\\n// b\\n%s\\n' \"$(cat {files})\" > {files}",
    );
    expect(result.stdout).toMatch(
      /run BASELINE: `node --test --test-reporter=tap test\/` already fails on your base \(1 failing test: half works\)/,
    );
    expect(result.stdout).toContain(
      "run checks PASSED (failing on the base the same way, not counted",
    );
    expect(result.code).toBe(0);
    expect(repo.read("src/math.js").startsWith("// a\n// b\n")).toBe(true);
  });

  it("names the test the agents broke", async () => {
    const repo = tempRepo(SUITE);
    const result = await run(repo.root, "sed -i 's/a + b/a - b/' {files}");
    expect(result.stdout).toContain("run checks FAILED (newly failing: add works)");
    expect(result.code).toBe(1);
    const status = await statusJson(repo.root);
    expect(status.run.checksState).toBe("failed");
  });
});
