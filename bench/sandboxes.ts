/**
 * The sandbox benchmark (issue 7): for each driver, on generated repositories of several
 * sizes, the cost of one sandbox's life (create, run `true`, capture an empty change,
 * dispose), p50 and p95, by phase, and the disk one sandbox takes beside what a run shares.
 *
 *   npm run bench:sandboxes -- [--sizes 1000,10000,100000] [--rounds 15]
 *                              [--drivers worktree,overlay,docker] [--image <docker image>]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Sandbox, SandboxDriver } from "../src/core/sandbox-port.js";
import { openRepo, type Repo } from "../src/git/index.js";
import { createSandboxDriver } from "../src/sandbox/index.js";

const USAGE = `usage: tsx bench/sandboxes.ts [--sizes n,n,...] [--rounds n] [--drivers a,b,...] [--image name]
  --sizes    files in each generated repository (default 1000,10000,100000)
  --rounds   sandbox lives measured per driver and size, after one warm-up (default 15)
  --drivers  which sandboxes (default worktree,overlay,docker)
  --image    the docker sandbox's image (default armada-test/node:2, see .ci/docker-setup.sh)
`;

const PHASES = ["create", "exec", "capture", "dispose"] as const;
type Phase = (typeof PHASES)[number];

interface Result {
  size: number;
  driver: string;
  /** The first sandbox of the run, which also builds what the run shares. */
  firstMs: number;
  totals: number[];
  /** CPU time per sandbox's life, this process and the processes it ran. */
  cpuMs: number;
  phases: Record<Phase, number[]>;
  /** Bytes one live sandbox adds, and bytes the run shares among its sandboxes. */
  perSandbox: number;
  /** Capturing after the agent edited one file: the cost follows the change. */
  captureOneMs: number;
  shared: number;
}

/** CPU time of this process and of its waited-for children so far (Linux), in ms. */
function cpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
  return ticks * 10;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** A repository of `n` small files, 100 per folder, written with fast-import. */
function generatedRepo(n: number): string {
  const root = mkdtempSync(path.join(tmpdir(), `armada-bench-${n}-`));
  execFileSync("git", ["init", "-q", "-b", "main", root]);
  const chunks: string[] = [];
  const files: string[] = [];
  for (let i = 0; i < n; i++) {
    const content = `export const value${i} = ${i};\n`;
    chunks.push(`blob\nmark :${i + 1}\ndata ${Buffer.byteLength(content)}\n${content}\n`);
    const file = `src/d${Math.floor(i / 1000)}/e${Math.floor(i / 100) % 10}/f${i}.ts`;
    files.push(`M 100644 :${i + 1} ${file}\n`);
  }
  chunks.push(
    "commit refs/heads/main\ncommitter Bench <bench@localhost> 1700000000 +0000\ndata 5\nbase\n",
  );
  chunks.push(...files, "\n");
  execFileSync("git", ["fast-import", "--quiet"], {
    cwd: root,
    input: chunks.join(""),
    maxBuffer: 1 << 30,
  });
  execFileSync("git", ["read-tree", "-u", "--reset", "HEAD"], { cwd: root });
  return root;
}

function du(target: string): number {
  const out = spawnSync("du", ["-s", "--block-size=1", target], { encoding: "utf8" });
  return Number(out.stdout.split("\t")[0]) || 0;
}

function dockerField(args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8" }).trim();
}

/**
 * The container's writable layer and the run image's own layer, measured like the others
 * (blocks on disk, with du) where this process may read Docker's folders, else as Docker
 * counts them (content bytes).
 */
function dockerBytes(
  sandbox: Sandbox,
  runId: string,
  image: string,
): { own: number; shared: number } {
  const upper = (kind: "container" | "image", id: string): string =>
    dockerField([kind, "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", id]);
  const runImages = dockerField(["images", "-q", "--filter", `label=armada.run=${runId}`])
    .split("\n")
    .filter(Boolean);
  if (process.getuid?.() === 0) {
    return {
      own: du(upper("container", sandbox.location)),
      shared: runImages.reduce((sum, id) => sum + du(upper("image", id)), 0),
    };
  }
  const size = (id: string): number =>
    Number(dockerField(["image", "inspect", "--format", "{{.Size}}", id])) || 0;
  return {
    own:
      Number(dockerField(["inspect", "--size", "--format", "{{.SizeRw}}", sandbox.location])) || 0,
    shared: runImages.reduce((sum, id) => sum + size(id) - size(image), 0),
  };
}

/** What one live sandbox adds on disk, and what the run shares (checkouts, image layers). */
function diskOf(
  driver: string,
  sandbox: Sandbox,
  repo: Repo,
  runId: string,
  image: string,
): { own: number; shared: number } {
  if (driver === "docker") return dockerBytes(sandbox, runId, image);
  const runDir = path.join(repo.gitDir, "armada", "runs", runId);
  if (driver === "overlay")
    return {
      own: du(sandbox.location),
      shared: du(path.join(runDir, "trees")) + du(path.join(runDir, "root")),
    };
  return { own: du(sandbox.location), shared: 0 };
}

async function measure(
  size: number,
  driverName: string,
  repo: Repo,
  rounds: number,
  image: string,
): Promise<Result> {
  const settings = { network: "none", deps: [], ...(driverName === "docker" ? { image } : {}) };
  const driver: SandboxDriver = createSandboxDriver(driverName, repo, settings);
  const runId = `b${randomBytes(3).toString("hex")}`;
  const head = execFileSync("git", ["rev-parse", "HEAD"], {
    cwd: repo.root,
    encoding: "utf8",
  }).trim();
  const env = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/nonexistent", ARMADA_RUN: runId };
  const result: Result = {
    size,
    driver: driverName,
    firstMs: 0,
    totals: [],
    cpuMs: 0,
    phases: { create: [], exec: [], capture: [], dispose: [] },
    perSandbox: 0,
    shared: 0,
    captureOneMs: 0,
  };
  try {
    let cpuAtStart = 0;
    for (let round = 0; round <= rounds; round++) {
      if (round === 1) cpuAtStart = cpuMs();
      const times: Record<Phase, number> = { create: 0, exec: 0, capture: 0, dispose: 0 };
      let at = performance.now();
      const lap = (phase: Phase): void => {
        const now = performance.now();
        times[phase] = now - at;
        at = now;
      };
      const sandbox = await driver.create(head, { name: `${runId}-bench.${round}`, runId });
      lap("create");
      const ran = await sandbox.exec(["true"], { env });
      if (ran.exitCode !== 0) throw new Error(`true failed in the ${driverName} sandbox`);
      lap("exec");
      const tree = await sandbox.captureTree();
      lap("capture");
      await sandbox.dispose();
      lap("dispose");
      if (
        tree !==
        execFileSync("git", ["rev-parse", "HEAD^{tree}"], {
          cwd: repo.root,
          encoding: "utf8",
        }).trim()
      )
        throw new Error(`the ${driverName} sandbox captured a change where there was none`);
      const total = PHASES.reduce((sum, p) => sum + times[p], 0);
      if (round === 0) {
        result.firstMs = total;
        continue;
      }
      result.totals.push(total);
      for (const phase of PHASES) result.phases[phase].push(times[phase]);
    }
    result.cpuMs = (cpuMs() - cpuAtStart) / rounds;
    const edited = await driver.create(head, { name: `${runId}-bench.edit`, runId });
    await edited.exec(["/bin/sh", "-c", "echo changed >> src/d0/e0/f0.ts"], { env });
    const before = performance.now();
    const tree = await edited.captureTree();
    result.captureOneMs = performance.now() - before;
    // Measured outside the timed lives: du itself walks the files.
    const disk = diskOf(driverName, edited, repo, runId, image);
    result.perSandbox = disk.own;
    result.shared = disk.shared;
    await edited.dispose();
    const changed = execFileSync("git", ["diff-tree", "-r", "--name-only", `HEAD^{tree}`, tree], {
      cwd: repo.root,
      encoding: "utf8",
    });
    if (changed.trim() !== "src/d0/e0/f0.ts")
      throw new Error(`the ${driverName} sandbox captured ${changed}`);
  } finally {
    await driver.sweep(runId);
  }
  return result;
}

const ms = (value: number): string =>
  value < 10 ? value.toFixed(1) : Math.round(value).toString();

function bytes(value: number): string {
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(0)} KiB`;
  if (value < 1024 ** 3) return `${(value / 1024 ** 2).toFixed(1)} MiB`;
  return `${(value / 1024 ** 3).toFixed(2)} GiB`;
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map((r) => `| ${r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(" | ")} |`)
    .join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: "string", default: "1000,10000,100000" },
      rounds: { type: "string", default: "15" },
      drivers: { type: "string", default: "worktree,overlay,docker" },
      image: { type: "string", default: "armada-test/node:2" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const sizes = values.sizes.split(",").map(Number);
  const rounds = Number(values.rounds);
  const drivers = values.drivers.split(",");
  const results: Result[] = [];
  for (const size of sizes) {
    process.stderr.write(`generating a repository of ${size} files...\n`);
    const root = generatedRepo(size);
    try {
      const repo = await openRepo(root);
      for (const driver of drivers) {
        process.stderr.write(`  ${driver}: ${rounds} sandboxes\n`);
        results.push(await measure(size, driver, repo, rounds, values.image));
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  const header = [
    "files",
    "sandbox",
    "p50",
    "p95",
    "cpu",
    "create",
    "exec true",
    "capture",
    "dispose",
    "disk / sandbox",
    "shared / run",
    "first sandbox",
    "capture 1 edit",
  ];
  const rows = results.map((r) => [
    String(r.size),
    r.driver,
    `${ms(percentile(r.totals, 50))} ms`,
    `${ms(percentile(r.totals, 95))} ms`,
    `${ms(r.cpuMs)} ms`,
    ...PHASES.map((p) => `${ms(percentile(r.phases[p], 50))} ms`),
    bytes(r.perSandbox),
    bytes(r.shared),
    `${ms(r.firstMs)} ms`,
    `${ms(r.captureOneMs)} ms`,
  ]);
  process.stdout.write(
    `\nOne sandbox's life: create + run \`true\` + capture an empty change + dispose. Wall time p50 and p95, CPU time of armada and the processes it ran (mean), phases p50; the first sandbox of a run also builds what the run shares.\n`,
  );
  process.stdout.write(`${table([header, header.map((h) => "-".repeat(h.length)), ...rows])}\n`);
  const ratios = sizes.flatMap((size) => {
    const of = (d: string): Result | undefined =>
      results.find((r) => r.size === size && r.driver === d);
    const overlay = of("overlay");
    const worktree = of("worktree");
    if (!overlay || !worktree) return [];
    return [
      [
        String(size),
        (percentile(overlay.totals, 50) / percentile(worktree.totals, 50)).toFixed(3),
        (overlay.perSandbox / Math.max(1, worktree.perSandbox)).toFixed(4),
        percentile(overlay.totals, 50) < 50 ? "yes" : "no",
      ],
    ];
  });
  if (ratios.length > 0) {
    const head = [
      "files",
      "overlay/worktree time (p50)",
      "overlay/worktree disk per sandbox",
      "overlay under 50 ms",
    ];
    process.stdout.write(`\n${table([head, head.map((h) => "-".repeat(h.length)), ...ratios])}\n`);
  }
  process.stdout.write(
    `\n${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; ${rounds} sandboxes per row after one warm-up.\n`,
  );
}

await main();
