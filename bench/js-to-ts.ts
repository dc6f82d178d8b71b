/**
 * Runs the js-to-ts recipe, end to end through the CLI, on real pure-JavaScript packages
 * fetched from the npm registry with `npm pack` (cached in bench/.cache), and prints per
 * package: files converted, whether `tsc --noEmit` passes, type debt (@ts-expect-error lines
 * per 1,000 lines of converted code), annotations added, and wall time.
 *
 *   npm run bench:js-to-ts                 # every package
 *   npm run bench:js-to-ts -- ms semver    # some of them
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GIT_ENV } from "./support/git-env.js";
import { CLI } from "./support/run-armada.js";

interface Package {
  name: string;
  version: string;
  style: string;
  /** The folders and files that are the package's source; the rest (built copies) goes. */
  keep?: string[];
}

const PACKAGES: Package[] = [
  { name: "ms", version: "2.1.3", style: "CommonJS, one file" },
  {
    name: "qs",
    version: "6.13.0",
    style: "CommonJS, several modules",
    keep: ["lib", "package.json"],
  },
  { name: "semver", version: "7.6.3", style: "CommonJS, classes" },
  {
    name: "eventemitter3",
    version: "5.0.1",
    style: "CommonJS, prototypes",
    keep: ["index.js", "package.json"],
  },
  { name: "nanoid", version: "5.0.7", style: "ES modules" },
  {
    name: "chalk",
    version: "5.3.0",
    style: "ES modules, classes",
    keep: ["source", "package.json"],
  },
  {
    name: "react-typist",
    version: "2.0.5",
    style: "JSX, React classes",
    keep: ["src", "package.json"],
  },
];

const ROOT = path.resolve(import.meta.dirname, "..");
const CACHE = path.join(ROOT, "bench", ".cache");
const TSC = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
const OBJECTIVE = "Convert all JavaScript files to TypeScript with strict mode";
function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    env: GIT_ENV,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

function tarball(pkg: Package): string {
  mkdirSync(CACHE, { recursive: true });
  const file = path.join(CACHE, `${pkg.name.replace("/", "-")}-${pkg.version}.tgz`);
  if (!existsSync(file))
    run(
      "npm",
      ["pack", `${pkg.name}@${pkg.version}`, "--pack-destination", CACHE, "--silent"],
      ROOT,
    );
  return file;
}

function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => f.split(path.sep).join("/"))
    .filter((f) => !f.startsWith(".git/") && !f.startsWith(".git"));
}

/** The package as a git repository of its own, holding only its source. */
function checkout(pkg: Package): string {
  const dir = mkdtempSync(path.join(tmpdir(), `armada-bench-${pkg.name}-`));
  run("tar", ["-xzf", tarball(pkg), "-C", dir, "--strip-components=1"], ROOT);
  if (pkg.keep) {
    for (const entry of readdirSync(dir)) {
      if (!pkg.keep.includes(entry))
        rmSync(path.join(dir, entry), { recursive: true, force: true });
    }
  }
  run("git", ["init", "-q", "-b", "main"], dir);
  run("git", ["add", "-A"], dir);
  run("git", ["commit", "-q", "-m", "package source"], dir);
  return dir;
}

interface Figures {
  files: number;
  lines: number;
  tsc: boolean;
  debt: number | undefined;
  annotations: number;
  seconds: number;
  state: string;
}

function sumOf(logs: string[], pattern: RegExp): number {
  return logs.reduce(
    (total, log) => total + [...log.matchAll(pattern)].reduce((n, m) => n + Number(m[1]), 0),
    0,
  );
}

function measure(pkg: Package): Figures {
  const dir = checkout(pkg);
  try {
    const started = performance.now();
    let state = "completed";
    try {
      run(process.execPath, [CLI, "run", OBJECTIVE, "--yes", "--timeout", "20m"], dir);
    } catch {
      state = "failed";
    }
    const seconds = (performance.now() - started) / 1000;
    const status = JSON.parse(run(process.execPath, [CLI, "status", "--json"], dir)) as {
      run: { id: string; state: string };
    };
    const logDir = path.join(dir, ".git", "armada", "runs", status.run.id, "logs");
    const latest = new Map<string, string>();
    for (const file of readdirSync(logDir).sort()) {
      const task = file.replace(/\.\d+\.log$/, "");
      latest.set(task, readFileSync(path.join(logDir, file), "utf8"));
    }
    const logs = [...latest.values()];
    const debtLine = /armada: type-debt (\d+)/.exec(latest.get("fix-type-errors") ?? "");
    const converted = filesOf(dir).filter(
      (f) => /\.(ts|tsx|mts|cts)$/.test(f) && !f.endsWith(".d.ts"),
    );
    const lines = converted.reduce(
      (n, f) => n + readFileSync(path.join(dir, f), "utf8").split("\n").length,
      0,
    );
    let tsc = false;
    try {
      run(process.execPath, [TSC, "--noEmit", "-p", "tsconfig.json"], dir);
      tsc = true;
    } catch {
      tsc = false;
    }
    return {
      files: sumOf(logs, /armada: files-converted (\d+)/g),
      lines,
      tsc,
      debt: debtLine ? Number(debtLine[1]) : undefined,
      annotations: sumOf(logs, /armada: annotations-added (\d+)/g),
      seconds,
      state: status.run.state === "completed" ? state : status.run.state,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(cells: string[], widths: number[]): string {
  return `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
}

function main(): void {
  const only = process.argv.slice(2);
  const chosen = only.length ? PACKAGES.filter((p) => only.includes(p.name)) : PACKAGES;
  const header = [
    "package",
    "style",
    "files converted",
    "tsc --noEmit",
    "type debt /1k lines",
    "annotations added",
    "wall time",
  ];
  const rows: string[][] = [];
  for (const pkg of chosen) {
    process.stderr.write(`${pkg.name}@${pkg.version}: converting...\n`);
    const f = measure(pkg);
    const debt =
      f.debt === undefined
        ? "n/a"
        : `${(f.debt / (f.lines / 1000)).toFixed(1)} (${f.debt} in ${f.lines} lines)`;
    rows.push([
      `${pkg.name}@${pkg.version}`,
      pkg.style,
      String(f.files),
      f.tsc ? "passes" : `fails (run ${f.state})`,
      debt,
      String(f.annotations),
      `${f.seconds.toFixed(1)} s`,
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const lines = [
    row(header, widths),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map((r) => row(r, widths)),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main();
