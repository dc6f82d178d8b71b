import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it, onTestFinished } from "vitest";
import { CLI, type CliResult } from "./support/run-cli.js";
import {
  describeWhen,
  dockerMissing,
  overlayMissing,
  TEST_IMAGE,
} from "./support/sandbox-availability.js";
import { type TempRepo, tempRepo } from "./support/temp-repo.js";

const SECRET = "armada-master-secret-4b1d";
const KEY = "-----BEGIN OPENSSH PRIVATE KEY----- armada-fake-key-93c2";

/** Someone else's process, a listener on loopback, a home with a key: what agents must not reach. */
interface Targets {
  home: string;
  victim: ChildProcess;
  server: Server;
  port: number;
  connections: () => number;
}

async function targets(owner?: number): Promise<Targets> {
  const home = mkdtempSync(path.join(tmpdir(), "armada-home-"));
  mkdirSync(path.join(home, ".ssh"));
  writeFileSync(path.join(home, ".ssh", "id_ed25519"), `${KEY}\n`, { mode: 0o600 });
  if (owner !== undefined)
    for (const file of [home, path.join(home, ".ssh"), path.join(home, ".ssh", "id_ed25519")])
      chownSync(file, owner, owner);
  const victim = spawn("sleep", ["600"], {
    stdio: "ignore",
    ...(owner !== undefined ? { uid: owner, gid: owner } : {}),
  });
  let connections = 0;
  const server = createServer((socket) => {
    socket.on("error", () => {});
    connections++;
    socket.end("hello\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  onTestFinished(() => {
    victim.kill("SIGKILL");
    server.close();
    rmSync(home, { recursive: true, force: true });
  });
  return { home, victim, server, port, connections: () => connections };
}

/** One task per way out; each prints what it got, so that the log tells what was blocked. */
function attacks(repo: TempRepo, t: Targets, disk: boolean): string {
  const task = (id: string, command: string): string =>
    `  - id: ${id}\n    files: ["*"]\n    command: ${JSON.stringify(command)}\n`;
  return [
    "objective: Try every way out of the sandbox\ntasks:\n",
    task(
      "write-etc",
      "echo escaped > /etc/armada-escape && echo ESCAPED || { echo BLOCKED; exit 1; }",
    ),
    task(
      "write-home",
      `echo escaped > ${t.home}/armada-escape; echo escaped > "$HOME/armada-escape"; ls ${t.home}`,
    ),
    task(
      "write-tree",
      `echo escaped > ${repo.root}/escaped.txt; git -C ${repo.root} update-ref refs/heads/escaped HEAD; echo '[core] bad' >> ${path.join(repo.root, ".git", "config")}; echo done`,
    ),
    task(
      "read-ssh",
      `cat ${t.home}/.ssh/id_ed25519 "$HOME/.ssh/id_ed25519" && echo ESCAPED || { echo BLOCKED; exit 1; }`,
    ),
    task(
      "read-env",
      "env; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done 2>/dev/null; echo looked",
    ),
    task("kill-outside", `kill -9 ${t.victim.pid} && echo ESCAPED || { echo BLOCKED; exit 1; }`),
    task(
      "network",
      `node -e "require('net').connect(${t.port}, '127.0.0.1').on('connect', () => { console.log('ESCAPED'); process.exit(0) }).on('error', (e) => { console.log('BLOCKED', e.code); process.exit(1) })"`,
    ),
    disk
      ? task(
          "fill-disk",
          "head -c 64000000 /dev/zero > fill.bin && echo ESCAPED || { echo BLOCKED; exit 1; }",
        )
      : "",
    task(
      "fork-bomb",
      "(n=0; while [ $n -lt 4000 ]; do sleep 120 >/dev/null 2>&1 & n=$((n+1)); echo $n > /tmp/forks; done); echo forks=$(cat /tmp/forks)",
    ),
  ].join("");
}

function runCli(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  owner?: number,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      ...(owner !== undefined ? { uid: owner, gid: owner } : {}),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

function logOf(repo: TempRepo, task: string): string {
  const runs = path.join(repo.root, ".git", "armada", "runs");
  const [run] = readdirSync(runs);
  return readFileSync(path.join(runs, run ?? "", "logs", `${task}.1.log`), "utf8");
}

/** The user's working tree, refs (armada's own aside) and git config. */
function userState(repo: TempRepo): string {
  const git = (...args: string[]): string =>
    execFileSync("git", ["-c", "safe.directory=*", ...args], { cwd: repo.root, encoding: "utf8" });
  const refs = git("for-each-ref")
    .split("\n")
    .filter((line) => !/\trefs\/(heads\/armada|armada|armada-attempts)\//.test(line));
  return [
    git("status", "--porcelain", "--ignored"),
    ...refs,
    readFileSync(path.join(repo.root, ".git", "config"), "utf8"),
  ].join("\n");
}

/** The attempt said why it failed, and nothing got through. */
function blocked(log: string, why: RegExp): void {
  const output = log
    .split("\n")
    .filter((line) => !line.startsWith("$ "))
    .join("\n");
  expect(output).toMatch(why);
  expect(output).toContain("BLOCKED");
  expect(output).not.toContain("ESCAPED");
}

/** `disk`: the run has a --disk quota the driver enforces. */
async function tryEverything(
  sandbox: string,
  extra: string[],
  disk: boolean,
  owner?: number,
): Promise<void> {
  const repo = tempRepo({ "src/app.ts": "export const app = 1;\n" });
  if (owner !== undefined) {
    for (const file of [
      repo.root,
      ...readdirSync(repo.root, { recursive: true }).map((f) => path.join(repo.root, String(f))),
    ])
      chownSync(file, owner, owner);
  }
  const t = await targets(owner);
  const planFile = path.join(repo.root, ".git", "attacks.yaml");
  writeFileSync(planFile, attacks(repo, t, disk));
  const before = userState(repo);
  const result = await runCli(
    [
      "run",
      "--plan",
      planFile,
      "--sandbox",
      sandbox,
      ...extra,
      "--no-apply",
      "--retries",
      "0",
      "--timeout",
      "60s",
      "--concurrency",
      "3",
      "--yes",
    ],
    repo.root,
    { HOME: t.home, ARMADA_TEST_SECRET: SECRET },
    owner,
  );
  expect(result.stderr).toBe("");
  const log = (task: string): string => logOf(repo, task);
  // Writes outside the repository fail, or land in the sandbox's own throwaway copy.
  expect(existsSync("/etc/armada-escape")).toBe(false);
  blocked(log("write-etc"), /Read-only file system|Permission denied/);
  expect(existsSync(path.join(t.home, "armada-escape"))).toBe(false);
  expect(existsSync(path.join(repo.root, "escaped.txt"))).toBe(false);
  expect(userState(repo)).toBe(before);
  // Secrets stay out.
  blocked(log("read-ssh"), /No such file or directory/);
  expect(log("read-ssh")).not.toContain(KEY);
  expect(log("read-env")).toContain("looked");
  expect(log("read-env")).not.toContain(SECRET);
  // Processes outside are invisible.
  blocked(log("kill-outside"), /No such process/);
  expect(t.victim.exitCode).toBe(null);
  expect(t.victim.signalCode).toBe(null);
  // No network: not even the host's loopback.
  blocked(log("network"), /BLOCKED (ECONNREFUSED|ENETUNREACH|EACCES)/);
  expect(t.connections()).toBe(0);
  // Bounded disk and processes.
  if (disk) {
    blocked(log("fill-disk"), /No space left on device|Disk quota exceeded/);
    expect(existsSync(path.join(repo.root, "fill.bin"))).toBe(false);
  }
  const forks = Number(/forks=(\d+)/.exec(log("fork-bomb"))?.[1]);
  expect(log("fork-bomb")).toMatch(/Cannot fork|Resource temporarily unavailable/);
  expect(forks).toBeGreaterThan(100);
  expect(forks).toBeLessThan(2100);
}

describeWhen("an agent cannot get out of an overlay sandbox", overlayMissing(), () => {
  it("writes, reads, kills, connects, fills the disk and forks without bound: each blocked", async () => {
    await tryEverything("overlay", ["--disk", "8M"], true);
  }, 240_000);

  it.runIf(process.getuid?.() === 0)(
    "nor as an unprivileged user, where the bound on processes is an rlimit",
    async () => {
      await tryEverything("overlay", ["--disk", "8M"], true, 65534);
    },
    240_000,
  );

  it("reaches the host's network only with --network", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const t = await targets();
    const connect = `node -e "require('net').connect(${t.port}, '127.0.0.1').on('connect', () => { console.log('CONNECTED'); process.exit(0) })"`;
    const result = await runCli(
      [
        "run",
        "Connect",
        "--each",
        "a.txt",
        "--agent-cmd",
        connect,
        "--sandbox",
        "overlay",
        "--network",
        "--no-apply",
        "--yes",
      ],
      repo.root,
      { HOME: t.home },
    );
    expect(result.code).toBe(0);
    expect(t.connections()).toBe(1);
  }, 120_000);
});

describeWhen("an agent cannot get out of a docker sandbox", dockerMissing(), () => {
  it("writes, reads, kills, connects, fills the disk where the engine can cap it, forks: each blocked", async () => {
    const repo = tempRepo({ "a.txt": "a\n" });
    const disk = await runCli(
      [
        "run",
        "Fill",
        "--each",
        "a.txt",
        "--agent-cmd",
        "true",
        "--sandbox",
        "docker",
        "--image",
        TEST_IMAGE,
        "--disk",
        "8M",
        "--yes",
      ],
      repo.root,
      {},
    );
    if (disk.code === 0) {
      // This engine enforces sizes: the disk attack is blocked like the others.
      await tryEverything("docker", ["--image", TEST_IMAGE, "--disk", "8M"], true);
      return;
    }
    // This engine cannot (overlay2 on ext4): --disk is refused before anything runs, saying why.
    expect(disk.stderr).toContain(
      "The docker sandbox cannot be used: --disk needs a storage driver that enforces sizes",
    );
    const runs = path.join(repo.root, ".git", "armada", "runs");
    expect(existsSync(runs) ? readdirSync(runs) : []).toEqual([]);
    await tryEverything("docker", ["--image", TEST_IMAGE], false);
  }, 300_000);
});
