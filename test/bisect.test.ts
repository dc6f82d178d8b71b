import { expect, it } from "vitest";
import { armada, statusJson } from "./support/run-cli.js";
import { describeWhen, overlayMissing } from "./support/sandbox-availability.js";
import { tempRepo } from "./support/temp-repo.js";

// Each task edits its file; f07's first try breaks the build, and lib's rename breaks calls'
// new call only once both are merged (a semantic conflict). Told why (ARMADA_CONTEXT), each
// does it right: f07 writes a sound line, lib keeps the old name beside the new one, calls
// uses the new name.
const AGENT = `f="$1"
case "$f" in
  src/f07.txt) if [ -n "$ARMADA_CONTEXT" ]; then echo fine >> "$f"; else echo BROKEN >> "$f"; fi ;;
  src/lib.txt) if [ -n "$ARMADA_CONTEXT" ]; then echo "def new" >> "$f"; else sed -i 's/def old/def new/' "$f"; fi ;;
  src/calls.txt) if [ -n "$ARMADA_CONTEXT" ]; then echo "call new" >> "$f"; else echo "call old" >> "$f"; fi ;;
  *) echo done >> "$f" ;;
esac
`;
const CHECK = `if grep -l BROKEN src/*.txt; then echo "error: a broken file" >&2; exit 1; fi
if grep -q "call old" src/calls.txt && ! grep -q "def old" src/lib.txt; then
  echo "error: old is not defined" >&2; exit 1
fi
`;

function fleetOfFiles(count: number) {
  const files: Record<string, string> = {
    "agent.sh": AGENT,
    "check.sh": CHECK,
    "src/lib.txt": "def old\n",
    "src/calls.txt": "call start\n",
  };
  for (let i = 1; i <= count - 2; i++) files[`src/f${String(i).padStart(2, "0")}.txt`] = `${i}\n`;
  return tempRepo(files);
}

function run(root: string, extra: string[]) {
  return armada(
    [
      ...["run", "Edit every file", "--each", "src/*.txt", "--agent-cmd", "sh agent.sh {files}"],
      ...["--check", "sh check.sh", "--yes", "--concurrency", "6", ...extra],
    ],
    { cwd: root, timeoutMs: 240_000 },
  );
}

describeWhen("bisecting a regression to the result that caused it", overlayMissing(), () => {
  it("100 results, one breaks the build and a pair conflicts: both found, the other 98 land", async () => {
    const repo = fleetOfFiles(100);
    const result = await run(repo.root, ["--fix-rounds", "0"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const status = await statusJson(repo.root);
    expect(status.run.checksState).toBe("passed");
    const culprits = status.run.regressions.culprits;
    expect(culprits).toHaveLength(2);
    const single = culprits.find((c) => c.taskId === "src-f07-txt");
    expect(single).toMatchObject({ checks: ["sh check.sh"] });
    // The first found was out of the integration state when bisection looked for the second.
    expect(single?.of).toBeGreaterThanOrEqual(99);
    expect(single?.partner).toBeUndefined();
    // ceil(log2 100) probes of the merge order, and one of the culprit alone on the base.
    expect(single?.probes).toBeLessThanOrEqual(8);
    const pair = culprits.find((c) => c.partner !== undefined);
    expect([pair?.taskId, pair?.partner].sort()).toEqual(["src-calls-txt", "src-lib-txt"]);
    expect(
      status.tasks.filter((t) => t.state === "completed" && t.merge === "merged"),
    ).toHaveLength(100);
    expect(status.tasks.some((t) => t.id.startsWith("fixup-"))).toBe(false);
    expect(result.stdout).not.toContain("Conflicts:");
    expect(repo.read("src/f07.txt")).toBe("7\nfine\n");
    expect(repo.read("src/f42.txt")).toBe("42\ndone\n");
    expect(result.stdout).toMatch(
      /run BISECT: result \d+ of (99|100) \(task src-f07-txt\) broke `sh check\.sh`, found in [1-8] check runs?/,
    );
    expect(result.stdout).toMatch(
      /run BISECT: results src-(lib|calls)-txt and src-(lib|calls)-txt \(\d+ of \d+\) break `sh check\.sh` together/,
    );
    expect(result.stdout).toMatch(
      /result \d+ of (99|100) \(task src-f07-txt\) broke `sh check\.sh` \(found in \d check runs?\); redone, passed/,
    );
  });

  it("--verify batch:5 catches the breaking result within its batch, during the fan-out", async () => {
    const repo = fleetOfFiles(24);
    const result = await run(repo.root, ["--verify", "batch:5", "--fix-rounds", "0"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /run VERIFY: the checks FAIL after \d+ merges \(last verified after \d+\); bisecting the batch/,
    );
    expect(result.stdout).toMatch(/run VERIFY: the checks pass after \d+ merges/);
    const status = await statusJson(repo.root);
    expect(status.run.checksState).toBe("passed");
    expect(status.run.regressions.verified).toMatchObject({ merges: expect.any(Number) });
    const culprits = status.run.regressions.culprits;
    expect(culprits.map((c) => c.taskId)).toContain("src-f07-txt");
    // Bisection within a batch of at most 5 (plus what merged in the same pass) is short.
    // Found during the fan-out, within a batch, by a shorter bisection than over every result.
    const verifyFailed = result.stdout.search(/run VERIFY: the checks FAIL/);
    const found = result.stdout.search(/run BISECT: result \d+ of \d+ \(task src-f07-txt\)/);
    expect(verifyFailed).toBeGreaterThan(-1);
    expect(found).toBeGreaterThan(verifyFailed);
    const single = culprits.find((c) => c.taskId === "src-f07-txt");
    expect(single?.probes).toBeLessThanOrEqual(Math.ceil(Math.log2(24)) + 1);
    expect(repo.read("src/f07.txt")).toBe("7\nfine\n");
  });

  it("a check that fails and then passes on the same tree is called flaky, not blamed", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const flag = `${repo.root}/.git/flaky-flag`;
    // Passes on the base; after the task, fails the first time it runs and passes after.
    const check = `grep -q done a.txt || exit 0; test -f ${flag} && exit 0; touch ${flag}; echo "error: flaky" >&2; exit 1`;
    const result = await armada(
      [
        ...["run", "Edit", "--each", "a.txt", "--agent-cmd", "echo done >> {files}"],
        ...["--check", check, "--sandbox", "worktree", "--yes"],
      ],
      { cwd: repo.root, timeoutMs: 60_000 },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("flaky, failed then passed on the same tree");
    const status = await statusJson(repo.root);
    expect(status.run.regressions).toMatchObject({ flaky: [check], culprits: [] });
    expect(repo.read("a.txt")).toBe("a\ndone\n");
  });

  it("--verify that is not end, each or batch:<n>, or without checks, is refused before anything starts", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const result = await armada(
      ["run", "Edit", "--each", "a.txt", "--agent-cmd", "true", "--verify", "batch:0", "--yes"],
      { cwd: repo.root },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--verify must be end");
    expect((await armada(["list", "--json"], { cwd: repo.root })).stdout.trim()).toBe("[]");
    const unchecked = await armada(
      ["run", "Edit", "--each", "a.txt", "--agent-cmd", "true", "--verify", "each", "--yes"],
      { cwd: repo.root },
    );
    expect(unchecked.code).toBe(2);
    expect(unchecked.stderr).toContain(
      "--verify each runs the run's checks during the fan-out, but this run has none",
    );
    expect((await armada(["list", "--json"], { cwd: repo.root })).stdout.trim()).toBe("[]");
  });
});
