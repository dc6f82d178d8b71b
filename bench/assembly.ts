// Assembly throughput: merge N task results into an integration branch with armada's assembler
// (tree edits, or git merge-tree where paths overlap; no working tree), against applying the
// same patches one by one with `git apply --3way` and a commit in a worktree. Prints the time
// per result and the total.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gitAssembler } from "../src/assemble/index.js";
import { worktreeDriver } from "../src/sandbox/worktree-driver.js";
import { formatTable } from "./support/format-table.js";
import { GIT_ENV } from "./support/git-env.js";

interface Scenario {
  name: string;
  files: number;
  results: number;
  /** Lines per file; results edit disjoint hunks of their file. */
  linesPerFile: number;
}

const SCENARIOS: Scenario[] = [
  { name: "1,000 results, disjoint files", files: 1000, results: 1000, linesPerFile: 3 },
  { name: "200 results sharing 20 files", files: 20, results: 200, linesPerFile: 100 },
];

function git(cwd: string, args: string[], input?: string): string {
  return execFileSync("git", args, {
    cwd,
    env: GIT_ENV,
    input,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    stdio: ["pipe", "pipe", "pipe"],
  }).trim();
}

function fileLines(scenario: Scenario, file: number, edit?: number): string {
  const lines = Array.from({ length: scenario.linesPerFile }, (_, i) => `file ${file} line ${i}`);
  if (edit !== undefined) lines[edit] = `file ${file} line ${edit} EDITED`;
  return `${lines.join("\n")}\n`;
}

/** A repository with the base commit and one result commit per task, made with fast-import. */
function prepare(scenario: Scenario): { root: string; base: string; results: string[] } {
  const root = mkdtempSync(path.join(tmpdir(), "armada-bench-assembly-"));
  git(root, ["init", "-q", "-b", "main"]);
  const perFile = scenario.results / scenario.files;
  const stream: string[] = [];
  const blob = (data: string): string => `data ${Buffer.byteLength(data)}\n${data}\n`;
  stream.push("commit refs/heads/main\nmark :1\ncommitter Bench <b@e> 0 +0000\n", blob("base"));
  for (let f = 0; f < scenario.files; f++)
    stream.push(`M 100644 inline src/f${f}.txt\n`, blob(fileLines(scenario, f)));
  for (let r = 0; r < scenario.results; r++) {
    const file = r % scenario.files;
    // Results of one file edit lines far apart so that their hunks never touch.
    const line = Math.floor(r / scenario.files) * Math.floor(scenario.linesPerFile / perFile);
    stream.push(
      `commit refs/results/${r}\nmark :${r + 2}\ncommitter Bench <b@e> 0 +0000\n`,
      blob(`result ${r}`),
      "from :1\n",
    );
    stream.push(`M 100644 inline src/f${file}.txt\n`, blob(fileLines(scenario, file, line)));
  }
  git(root, ["fast-import", "--quiet"], stream.join(""));
  const base = git(root, ["rev-parse", "main"]);
  const results = Array.from({ length: scenario.results }, (_, r) =>
    git(root, ["rev-parse", `refs/results/${r}`]),
  );
  git(root, ["checkout", "-q", "main"]);
  return { root, base, results };
}

async function armadaAssembly(
  root: string,
  base: string,
  results: string[],
): Promise<{ ms: number; tree: string }> {
  const repo = { root, gitDir: path.join(root, ".git") };
  const assembler = gitAssembler(
    repo,
    () => worktreeDriver(root, repo.gitDir),
    () => root,
  );
  let integration = base;
  const started = performance.now();
  for (const [i, result] of results.entries()) {
    const merged = await assembler.merge({
      runId: "bench",
      integration,
      taskId: `t${i}`,
      title: `task ${i}`,
      result,
      start: base,
    });
    if (!("commit" in merged))
      throw new Error(`unexpected conflict in ${merged.conflicts.join(", ")}`);
    integration = merged.commit;
  }
  await assembler.publish("bench", integration);
  return {
    ms: performance.now() - started,
    tree: git(root, ["rev-parse", `${integration}^{tree}`]),
  };
}

function applyThreeWay(
  root: string,
  base: string,
  results: string[],
): { ms: number; tree: string } {
  const worktree = path.join(root, "..", `${path.basename(root)}-wt`);
  git(root, ["worktree", "add", "-q", "--detach", worktree, base]);
  const patches = results.map((result, i) => {
    const file = path.join(root, "..", `${path.basename(root)}-${i}.patch`);
    writeFileSync(file, git(root, ["diff", "--binary", "--full-index", base, result]) + "\n");
    return file;
  });
  const started = performance.now();
  for (const [i, patch] of patches.entries()) {
    git(worktree, ["apply", "--3way", "--index", patch]);
    git(worktree, ["commit", "-q", "-m", `task ${i}`]);
  }
  const ms = performance.now() - started;
  const tree = git(worktree, ["rev-parse", "HEAD^{tree}"]);
  for (const patch of patches) rmSync(patch, { force: true });
  rmSync(worktree, { recursive: true, force: true });
  return { ms, tree };
}

const rows: string[][] = [
  [
    "scenario",
    "armada total",
    "per result",
    "git apply --3way total",
    "per result",
    "ratio apply/armada",
    "same tree",
  ],
];
for (const scenario of SCENARIOS) {
  const { root, base, results } = prepare(scenario);
  try {
    const ours = await armadaAssembly(root, base, results);
    const theirs = applyThreeWay(root, base, results);
    rows.push([
      scenario.name,
      `${(ours.ms / 1000).toFixed(2)} s`,
      `${(ours.ms / results.length).toFixed(1)} ms`,
      `${(theirs.ms / 1000).toFixed(2)} s`,
      `${(theirs.ms / results.length).toFixed(1)} ms`,
      `${(theirs.ms / ours.ms).toFixed(2)}x`,
      ours.tree === theirs.tree ? "yes" : "NO",
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
console.log(formatTable(rows, ["left", "right", "right", "right", "right", "right", "left"]));
