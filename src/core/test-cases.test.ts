import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TestCaseReport, testCases } from "./test-cases.js";

// Every report below comes from the real tools, run on small suites in temporary directories.
const VITEST = path.resolve(import.meta.dirname, "../../node_modules/.bin/vitest");

const NODE_SUITE = `import assert from "node:assert";
import { describe, test } from "node:test";
test("adds", () => assert.equal(1 + 1, 2));
test("subtracts", () => assert.equal(2 - 1, 0));
test("skipped", { skip: true }, () => {});
test("later", { todo: true }, () => assert.fail("not yet"));
describe("math & <stuff>", () => {
  test("nested passes", () => {});
  describe("inner", () => {
    test('nested "fails"', () => assert.equal(1, 2));
  });
});
`;

const VITEST_SUITE = `import { describe, expect, it } from "vitest";
it("adds", () => expect(1 + 1).toBe(2));
it("subtracts", () => expect(2 - 1).toBe(0));
it.skip("skipped", () => {});
it.todo("later");
describe("outer", () => {
  describe("inner", () => {
    it("nested fails", () => expect("a").toBe("b"));
    it("nested passes", () => {});
  });
});
`;

const NOISE_BEFORE = "> demo@1.0.0 test\n> run the tests {\nwarning: something { odd\n";
const NOISE_AFTER = "npm ERR! Test failed.  See above for more details.\n";

const temps: string[] = [];

async function tempDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "armada-test-cases-"));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** A report with its failed ids in one order: runners may finish their files in any order. */
function sorted(report: TestCaseReport | undefined): TestCaseReport | undefined {
  return report && { ...report, failed: [...report.failed].sort() };
}

/** What a command writes to stdout and stderr, interleaved as they arrive, whatever its exit. */
function output(command: string, args: string[], cwd: string): Promise<string> {
  // This file runs inside vitest: a vitest started from here must not think it is a worker.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VITEST")),
  );
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...env, NO_COLOR: "1" } });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", reject);
    child.on("close", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

let tap: string[];
let junit: string;
let vitestDirs: string[];
let vitestJson: string[];
let vitestJunit: string;

beforeAll(async () => {
  const nodeDir = await tempDir({ "math.test.mjs": NODE_SUITE });
  const vitestFiles = {
    "src/a.test.ts": VITEST_SUITE,
    "src/broken.test.ts": 'import { it } from "vitest";\nit("never", () => {\n',
  };
  // Two copies of one project, as a check runs in two sandboxes at two paths.
  vitestDirs = [await tempDir(vitestFiles), await tempDir(vitestFiles)];
  const vitest = (dir: string, extra: string[]) =>
    output(VITEST, ["run", "--root", dir, "--reporter=json", ...extra], dir);
  const junitFile = path.join(vitestDirs[0] ?? "", "junit.xml");
  const runs = await Promise.all([
    output(process.execPath, ["--test", "--test-reporter=tap", "math.test.mjs"], nodeDir),
    output(process.execPath, ["--test", "--test-reporter=tap", "math.test.mjs"], nodeDir),
    output(process.execPath, ["--test", "--test-reporter=junit", "math.test.mjs"], nodeDir),
    vitest(vitestDirs[0] ?? "", ["--reporter=junit", `--outputFile.junit=${junitFile}`]),
    vitest(vitestDirs[1] ?? "", []),
  ]);
  tap = runs.slice(0, 2);
  junit = runs[2] ?? "";
  vitestJson = runs.slice(3);
  vitestJunit = await readFile(junitFile, "utf8");
});

afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe("testCases", () => {
  it("reads node:test's TAP, naming nested cases after their suites and not the suites", () => {
    expect(testCases(tap[0] ?? "")).toEqual({
      format: "tap",
      total: 6,
      failed: ["subtracts", 'math & <stuff> > inner > nested "fails"'],
      passed: 2,
    });
  });

  it("gives the same ids for two runs, around other lines and through colour codes", () => {
    const coloured = (tap[1] ?? "")
      .split("\n")
      .map((line) => (line.includes("ok ") ? `\u001b[31m${line}\u001b[39m` : line))
      .join("\r\n");
    expect(testCases(`${NOISE_BEFORE}not ok at all\n${coloured}${NOISE_AFTER}`)).toEqual(
      testCases(tap[0] ?? ""),
    );
  });

  it("names the cases of a TAP run cut short after its parents' `# Subtest:` lines", () => {
    const text = tap[0] ?? "";
    const cut = text.slice(0, text.indexOf("not ok 2 - inner"));
    expect(testCases(cut)?.failed).toEqual([
      "subtracts",
      'math & <stuff> > inner > nested "fails"',
    ]);
  });

  it("reads node:test's JUnit XML, a failing to-do not being a failure", () => {
    const report = testCases(`${NOISE_BEFORE}${junit}${NOISE_AFTER}`);
    expect(report).toMatchObject({ format: "junit", total: 6, passed: 2 });
    // node 20 escapes the quotes in a name twice (`&amp;quot;`): read once, they stay `&quot;`.
    expect(report?.failed.map((id) => id.replaceAll("&quot;", '"'))).toEqual([
      "test > subtracts",
      'test > math & <stuff> > inner > nested "fails"',
    ]);
  });

  it("reads vitest's JSON around other lines, a file that did not load being one failure", () => {
    const [dir = "", other = ""] = vitestDirs;
    const report = testCases(`${NOISE_BEFORE}${vitestJson[0]}${NOISE_AFTER}`);
    expect(sorted(report)).toEqual({
      format: "jest-json",
      total: 7,
      failed: [
        `${dir}/src/a.test.ts > outer > inner > nested fails`,
        `${dir}/src/a.test.ts > subtracts`,
        `${dir}/src/broken.test.ts`,
      ],
      passed: 2,
    });
    expect(sorted(testCases(vitestJson[0] ?? "", dir))?.failed).toEqual([
      "src/a.test.ts > outer > inner > nested fails",
      "src/a.test.ts > subtracts",
      "src/broken.test.ts",
    ]);
    // The same suite run at another path gives the same ids relative to where it ran.
    expect(sorted(testCases(vitestJson[1] ?? "", other))).toEqual(
      sorted(testCases(vitestJson[0] ?? "", dir)),
    );
  });

  it("reads vitest's JUnit XML with the ids its JSON gives", () => {
    const [dir = ""] = vitestDirs;
    expect(sorted(testCases(vitestJunit))).toEqual({
      ...sorted(testCases(vitestJson[0] ?? "", dir)),
      format: "junit",
    });
  });

  it("prefers the format with the most cases when the output holds several", () => {
    expect(testCases(`${tap[0]}\n${vitestJson[0]}\n`)?.format).toBe("jest-json");
    expect(testCases(`${vitestJson[0]}\n${tap[0]}\n`)?.format).toBe("jest-json");
  });

  it("finds no report in plain text", () => {
    expect(testCases("")).toBeUndefined();
    expect(
      testCases("src/a.ts(3,5): error TS2322: Type 'string' is not assignable."),
    ).toBeUndefined();
    expect(testCases("ok  \texample.com/pkg\t0.012s\nFAIL\texample.com/other\n")).toBeUndefined();
    expect(testCases('{"testResults": "nope"}\n<testsuites></testsuites>\n1..0')).toBeUndefined();
  });
});
