/**
 * The setup layer benchmark (issue 14): a generated node_modules of ~300 MB in ~30k files,
 * made by the run's setup once and shown under every sandbox. For each driver: the build (a
 * cache miss, setup included), a repeat build (a cache hit), the first sandbox of a run (what
 * the run shares: its checkout, its image), then the per-sandbox create cost with the layer
 * against without one, a next attempt's sandbox (a reused worktree), and the disk each live
 * sandbox adds.
 *
 *   tsx bench/setup-layer.ts [--mb 300] [--files 30000] [--sandboxes 8]
 *                            [--drivers overlay,docker,worktree] [--image <docker image>]
 *                            [--dir <folder on the disk to measure>]
 */
import { execFileSync, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Sandbox, SandboxDriver, SetupSpec } from "../src/core/sandbox-port.js";
import { openRepo, type Repo } from "../src/git/index.js";
import { createSandboxDriver, scrubbedEnv } from "../src/sandbox/index.js";
import { removeSetupLayers } from "../src/setup/index.js";
import { type Align, formatTable } from "./support/format-table.js";
import { GIT_ENV } from "./support/git-env.js";
import { numberFlag } from "./support/number-flag.js";
import { percentile } from "./support/percentile.js";

const USAGE = `usage: tsx bench/setup-layer.ts [--mb n] [--files n] [--sandboxes n] [--drivers a,b] [--image name] [--dir folder]
  --mb         size of the generated node_modules (default 300)
  --files      files in it (default 30000)
  --sandboxes  live sandboxes measured per driver, with and without the layer (default 8)
  --drivers    which sandboxes (default overlay,docker,worktree)
  --image      the docker sandboxes' image (default armada-test/node:2, see .ci/docker-setup.sh)
  --dir        where the repository is made (default the temporary folder, unless it is
               tmpfs: then this repository's .git, so that the figures are the disk's)
`;

/** Writes `files` files of random text making `mb` MB, in packages of 30 files, 3 folders each. */
const MAKE_MODULES = `
const fs = require("fs");
const [files, mb] = process.argv.slice(2).map(Number);
const size = Math.round((mb * 1024 * 1024) / files);
const chunk = require("crypto").randomBytes(Math.ceil(size / 4 * 3) + 64).toString("base64");
for (let i = 0; i < files; i++) {
  const pkg = "node_modules/pkg-" + Math.floor(i / 30);
  const dir = pkg + "/lib" + (i % 3);
  if (i % 30 === 0) {
    for (let d = 0; d < 3; d++) fs.mkdirSync(pkg + "/lib" + d, { recursive: true });
    fs.writeFileSync(pkg + "/package.json", JSON.stringify({ name: "pkg-" + Math.floor(i / 30), version: "1.0.0" }));
  }
  const offset = i % 64;
  fs.writeFileSync(dir + "/f" + i + ".js", chunk.slice(offset, offset + size));
}
`;

function du(target: string): number {
  const out = spawnSync("du", ["-s", "--block-size=1", target], { encoding: "utf8" });
  return Number(out.stdout.split("\t")[0]) || 0;
}

function dockerField(args: string[]): string {
  return execFileSync("docker", args, { encoding: "utf8" }).trim();
}

/** A container's own writable layer on disk (as root), else as Docker counts it. */
function containerBytes(id: string): number {
  if (process.getuid?.() === 0) {
    return du(dockerField(["inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", id]));
  }
  return Number(dockerField(["inspect", "--size", "--format", "{{.SizeRw}}", id])) || 0;
}

function diskOf(driver: string, sandbox: Sandbox): number {
  return driver === "docker" ? containerBytes(sandbox.location) : du(sandbox.location);
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 2 : 0)} MB`;
}

function ms(value: number): string {
  if (value >= 10_000) return `${(value / 1000).toFixed(1)} s`;
  return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

/** The folder to make the repository in: never a tmpfs, whose figures are memory's. */
function benchDir(asked: string | undefined): string {
  if (asked) return asked;
  const type = spawnSync("stat", ["-f", "-c", "%T", tmpdir()], { encoding: "utf8" }).stdout.trim();
  if (type !== "tmpfs") return tmpdir();
  const own = execFileSync("git", ["rev-parse", "--absolute-git-dir"], {
    cwd: import.meta.dirname,
    encoding: "utf8",
  }).trim();
  return path.join(own, "armada-bench");
}

function makeRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const root = mkdtempSync(path.join(dir, "armada-setup-bench-"));
  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: root, env: GIT_ENV, stdio: "ignore" });
  };
  mkdirSync(path.join(root, "src"));
  mkdirSync(path.join(root, "scripts"));
  for (let i = 0; i < 1000; i++) {
    writeFileSync(path.join(root, `src/f${i}.js`), `export const f${i} = ${i};\n`);
  }
  writeFileSync(path.join(root, "scripts/make-modules.js"), MAKE_MODULES);
  writeFileSync(path.join(root, "package.json"), '{ "name": "bench", "version": "1.0.0" }\n');
  writeFileSync(path.join(root, ".gitignore"), "node_modules/\n");
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-q", "-m", "bench");
  return root;
}

interface Figures {
  driver: string;
  buildMs: number;
  hitMs: number;
  layerBytes: number;
  firstMs: number;
  createMs: number;
  plainCreateMs: number;
  againMs: number;
  disposeMs: number;
  diskBytes: number;
  plainDiskBytes: number;
  walkMs: number;
}

async function sandboxesOf(
  driver: SandboxDriver,
  name: string,
  head: string,
  count: number,
  env: Record<string, string>,
): Promise<{
  firstMs: number;
  againMs: number;
  createMs: number;
  disposeMs: number;
  disk: number;
  walkMs: number;
}> {
  const runId = `b${randomBytes(3).toString("hex")}`;
  const live: Sandbox[] = [];
  const creates: number[] = [];
  const disposes: number[] = [];
  let firstMs = 0;
  let walkMs = 0;
  try {
    for (let i = 0; i <= count; i++) {
      const started = performance.now();
      const sandbox = await driver.create(head, { name: `${runId}-b${i}.1`, runId });
      const took = performance.now() - started;
      live.push(sandbox);
      if (i === 0) firstMs = took;
      else creates.push(took);
    }
    const disk = percentile(
      live.slice(1).map((sandbox) => diskOf(name, sandbox)),
      50,
    );
    const sandbox = live[1];
    if (sandbox) {
      const started = performance.now();
      let out = "";
      const walked = await sandbox.exec(
        ["/bin/sh", "-c", "find node_modules -type f 2>/dev/null | wc -l"],
        { env, onOutput: (chunk) => (out += chunk.toString()) },
      );
      walkMs = performance.now() - started;
      if (walked.exitCode !== 0) throw new Error(`find failed in a ${name} sandbox: ${out}`);
    }
    for (const sandbox of live.splice(0)) {
      const started = performance.now();
      await sandbox.dispose();
      disposes.push(performance.now() - started);
    }
    // The next attempts of the run: a worktree is reused (cleaned, its layer renewed).
    const again: number[] = [];
    for (let i = 1; i <= count; i++) {
      const started = performance.now();
      const sandbox = await driver.create(head, { name: `${runId}-b${i}.2`, runId });
      again.push(performance.now() - started);
      live.push(sandbox);
    }
    for (const sandbox of live.splice(0)) await sandbox.dispose();
    return {
      firstMs,
      againMs: percentile(again, 50),
      createMs: percentile(creates, 50),
      disposeMs: percentile(disposes, 50),
      disk,
      walkMs,
    };
  } finally {
    for (const sandbox of live) await sandbox.dispose().catch(() => undefined);
    await driver.sweep(runId);
  }
}

async function measure(
  name: string,
  repo: Repo,
  options: { files: number; mb: number; sandboxes: number; image: string },
): Promise<Figures> {
  const settings = {
    network: "none",
    deps: [],
    ...(name === "docker" ? { image: options.image } : {}),
  };
  const driver = createSandboxDriver(name, repo, settings);
  const head = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo.root, encoding: "utf8" });
  const env = scrubbedEnv();
  const setupRun = `b${randomBytes(3).toString("hex")}`;
  const spec: SetupSpec = {
    key: randomBytes(32).toString("hex"),
    runId: setupRun,
    commands: [`node scripts/make-modules.js ${options.files} ${options.mb}`],
    env,
    timeoutMs: 600_000,
    network: false,
  };
  let started = performance.now();
  const built = await driver.buildLayer(head.trim(), spec);
  const buildMs = performance.now() - started;
  await driver.sweep(setupRun);
  const hits: number[] = [];
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    const again = await driver.buildLayer(head.trim(), { ...spec, runId: setupRun });
    hits.push(performance.now() - started);
    if (!again.cached) throw new Error(`the ${name} layer was built again`);
  }
  const layerBytes =
    name === "docker"
      ? Number(dockerField(["image", "inspect", "--format", "{{.Size}}", built.layer.location])) -
        Number(dockerField(["image", "inspect", "--format", "{{.Size}}", options.image]))
      : du(built.layer.location);
  const plain = await sandboxesOf(driver, name, head.trim(), options.sandboxes, env);
  const layered = createSandboxDriver(name, repo, { ...settings, layer: built.layer });
  const withLayer = await sandboxesOf(layered, name, head.trim(), options.sandboxes, env);
  return {
    driver: name,
    buildMs,
    hitMs: percentile(hits, 50),
    layerBytes,
    firstMs: withLayer.firstMs,
    createMs: withLayer.createMs,
    plainCreateMs: plain.createMs,
    againMs: withLayer.againMs,
    disposeMs: withLayer.disposeMs,
    diskBytes: withLayer.disk,
    plainDiskBytes: plain.disk,
    walkMs: withLayer.walkMs,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      mb: { type: "string", default: "300" },
      files: { type: "string", default: "30000" },
      sandboxes: { type: "string", default: "8" },
      drivers: { type: "string", default: "overlay,docker,worktree" },
      image: { type: "string", default: "armada-test/node:2" },
      dir: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options = {
    mb: numberFlag(values.mb, "--mb", 1),
    files: numberFlag(values.files, "--files", 30),
    sandboxes: numberFlag(values.sandboxes, "--sandboxes", 1),
    image: values.image,
  };
  const dir = benchDir(values.dir);
  const root = makeRepo(dir);
  const repo = await openRepo(root);
  const fsType = spawnSync("stat", ["-f", "-c", "%T", root], { encoding: "utf8" }).stdout.trim();
  process.stdout.write(
    `setup layer: node_modules of ${options.mb} MB in ${options.files} files; ${options.sandboxes} live sandboxes per driver; repository on ${fsType} (${root})\n\n`,
  );
  const rows: Figures[] = [];
  try {
    for (const name of values.drivers.split(",")) {
      process.stderr.write(`measuring ${name}...\n`);
      rows.push(await measure(name, repo, options));
    }
  } finally {
    await removeSetupLayers(repo.gitDir, { unusedForMs: -60_000 }).catch(() => []);
    rmSync(root, { recursive: true, force: true });
  }
  process.stdout.write(
    `${formatTable(
      [
        [
          "driver",
          "build (miss)",
          "build (hit)",
          "layer",
          "first sandbox",
          "create p50",
          "without layer",
          "next attempt p50",
          "dispose p50",
          "disk/sandbox",
          "without layer",
          "find node_modules",
        ],
        ...rows.map((r) => [
          r.driver,
          ms(r.buildMs),
          ms(r.hitMs),
          mb(r.layerBytes),
          ms(r.firstMs),
          ms(r.createMs),
          ms(r.plainCreateMs),
          ms(r.againMs),
          ms(r.disposeMs),
          mb(r.diskBytes),
          mb(r.plainDiskBytes),
          ms(r.walkMs),
        ]),
      ],
      ["left", ...Array<Align>(11).fill("right")],
    )}\n`,
  );
}

await main();
