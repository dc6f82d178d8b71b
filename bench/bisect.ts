/**
 * The validation benchmark (issue 14): a run of one-file tasks where exactly one result breaks
 * the run's check, which takes a while like a real test suite. Prints, for `--verify end`
 * and `--verify batch:<n>` side by side, the wall time, the check runs the whole run used,
 * and the check runs bisection used to find the culprit. On the disk (the system's temporary
 * folder) and on tmpfs (/dev/shm). Worktree sandboxes, so that the check can count its runs.
 *
 *   npm run bench:bisect -- [--tasks 100] [--culprit 37] [--check-seconds 1] [--agent-seconds 2] [--batch 10] [--concurrency 8]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatTable } from "./support/format-table.js";
import { GIT_ENV } from "./support/git-env.js";
import { numberFlag } from "./support/number-flag.js";
import { runArmada } from "./support/run-armada.js";

const USAGE = `usage: tsx bench/bisect.ts [--tasks n] [--culprit i] [--check-seconds s] [--agent-seconds s] [--batch n] [--concurrency n]
  --tasks          files, one task each (default 100)
  --culprit        the file whose task breaks the check on its first try (default 37)
  --check-seconds  how long the check takes, as a test suite would (default 1)
  --agent-seconds  how long each agent works (default 2)
  --batch          the merge-queue batch compared with --verify end (default 10)
  --concurrency    attempts at once (default 8)
`;

function parseFlags() {
  const { values } = parseArgs({
    options: {
      tasks: { type: "string", default: "100" },
      culprit: { type: "string", default: "37" },
      "check-seconds": { type: "string", default: "1" },
      "agent-seconds": { type: "string", default: "2" },
      batch: { type: "string", default: "10" },
      concurrency: { type: "string", default: "8" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  return {
    tasks: Math.floor(numberFlag(values.tasks, "--tasks", 2)),
    culprit: Math.floor(numberFlag(values.culprit, "--culprit", 0)),
    checkSeconds: numberFlag(values["check-seconds"], "--check-seconds", 0),
    agentSeconds: numberFlag(values["agent-seconds"], "--agent-seconds", 0),
    batch: Math.floor(numberFlag(values.batch, "--batch", 1)),
    concurrency: Math.floor(numberFlag(values.concurrency, "--concurrency", 1)),
  };
}

type Flags = ReturnType<typeof parseFlags>;

function repoWithCulprit(parent: string, flags: Flags): string {
  const root = mkdtempSync(path.join(parent, "armada-bench-bisect-"));
  const culprit = `src/f${String(flags.culprit).padStart(4, "0")}.txt`;
  mkdirSync(path.join(root, "src"));
  for (let i = 0; i < flags.tasks; i++) {
    writeFileSync(path.join(root, `src/f${String(i).padStart(4, "0")}.txt`), `${i}\n`);
  }
  // Told why (ARMADA_CONTEXT), the culprit's agent does it right the second time.
  writeFileSync(
    path.join(root, "agent.sh"),
    `sleep ${flags.agentSeconds}\nif [ "$1" = ${culprit} ] && [ -z "$ARMADA_CONTEXT" ]; then echo BROKEN >> "$1"; else echo done >> "$1"; fi\n`,
  );
  // Worktree sandboxes let the check count its runs in a file outside the repository.
  writeFileSync(
    path.join(root, "check.sh"),
    `echo run >> ${root}.check-runs\nsleep ${flags.checkSeconds}\nif grep -l BROKEN src/*.txt; then echo "error: broken" >&2; exit 1; fi\n`,
  );
  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: root, env: GIT_ENV, stdio: "ignore" });
  };
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "bench");
  return root;
}

interface Figures {
  wallMs: number;
  checkRuns: number;
  probes: number;
  found: string;
  state: string;
}

async function measure(parent: string, flags: Flags, verify: string): Promise<Figures> {
  const root = repoWithCulprit(parent, flags);
  try {
    const ran = await runArmada(
      [
        ...["run", "bench", "--each", "src/*.txt", "--agent-cmd", "sh agent.sh {files}"],
        ...["--check", "sh check.sh", "--verify", verify, "--yes", "--no-apply"],
        ...["--concurrency", String(flags.concurrency), "--fix-rounds", "0"],
        ...["--sandbox", "worktree"],
      ],
      root,
    );
    const status = JSON.parse((await runArmada(["status", "--json"], root)).stdout) as {
      run: {
        id: string;
        state: string;
        regressions: { culprits: { taskId: string; probes: number }[] };
      };
    };
    const culprits = status.run.regressions.culprits;
    return {
      wallMs: ran.exitedAt - ran.startedAt,
      checkRuns: readFileSync(`${root}.check-runs`, "utf8").split("\n").filter(Boolean).length,
      probes: culprits.reduce((sum, c) => sum + c.probes, 0),
      found: culprits.map((c) => c.taskId).join(", ") || "-",
      state: status.run.state,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(`${root}.check-runs`, { force: true });
  }
}

async function main(): Promise<void> {
  const flags = parseFlags();
  const places: [string, string][] = [
    ["disk", tmpdir()],
    ["tmpfs", "/dev/shm"],
  ];
  const modes = ["end", `batch:${flags.batch}`];
  const rows: string[][] = [
    ["where", "--verify", "wall", "vs end", "check runs", "to find culprit", "culprit", "run"],
  ];
  for (const [where, parent] of places) {
    let end: number | undefined;
    for (const mode of modes) {
      const f = await measure(parent, flags, mode);
      end ??= f.wallMs;
      rows.push([
        where,
        mode,
        `${(f.wallMs / 1000).toFixed(1)} s`,
        `${(f.wallMs / end).toFixed(2)}x`,
        String(f.checkRuns),
        String(f.probes),
        f.found,
        f.state,
      ]);
    }
  }
  process.stdout.write(
    `${flags.tasks} tasks, one breaking the check (${flags.checkSeconds} s a run), agents ${flags.agentSeconds} s each, concurrency ${flags.concurrency}, worktree sandboxes\n`,
  );
  process.stdout.write(
    `${formatTable(rows, ["left", "left", "right", "right", "right", "right"])}\n`,
  );
  process.stdout.write(
    "check runs: every run of the check (baseline, verification, bisection, the end), each in a sandbox of its own\n",
  );
}

await main();
