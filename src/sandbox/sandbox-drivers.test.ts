import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Docker from "dockerode";
import { expect, it, onTestFinished } from "vitest";
import {
  describeWhen,
  dockerMissing,
  overlayMissing,
  TEST_IMAGE,
} from "../../test/support/sandbox-availability.js";
import { type TempRepo, tempRepo } from "../../test/support/temp-repo.js";
import type { Sandbox, SandboxDriver, SandboxSettings } from "../core/sandbox-port.js";
import { openRepo } from "../git/index.js";
import { baseTrees } from "./base-trees.js";
import { dockerChanges } from "./docker-changes.js";
import { checkSandbox, createSandboxDriver, SandboxUnavailableError } from "./index.js";
import { treeFromChanges } from "./tree-from-changes.js";

const FILES: Record<string, string> = {
  "README.md": "# fixture\n",
  "src/a.ts": "export const a = 1;\n",
  "src/b.ts": "export const b = 2;\n",
  "lib/l1.txt": "one\n",
  "lib/l2.txt": "two\n",
  "docs/guide.md": "guide\n",
  "tools/existing.sh": "echo hi\n",
  "file-then-dir": "a file\n",
  "dir-then-file/inner.txt": "inner\n",
  "ignored-but-tracked.log": "tracked\n",
  ".gitignore": "*.log\n.env\ndist/\nnode_modules/\n",
  ".gitattributes": "*.crlf text eol=lf\n",
};

/** Every kind of change an agent makes, including those overlayfs records in odd ways. */
const EDITS = `set -e
echo changed >> src/a.ts
rm src/b.ts
rm -r lib && mkdir lib && echo n > lib/n.txt
mv docs guide
mkdir -p new/deep && echo x > new/deep/x.ts
mkdir dist && echo o > dist/out.js
echo secret > .env
echo skip > skipped.log
ln -s README.md link
printf '#!/bin/sh\\n' > run.sh && chmod +x run.sh
chmod +x tools/existing.sh
rm file-then-dir && mkdir file-then-dir && echo y > file-then-dir/y
rm -r dir-then-file && echo f > dir-then-file
echo 'build/' >> .gitignore && mkdir build && echo b > build/b
echo more >> ignored-but-tracked.log
touch README.md
printf 'a\\r\\nb\\r\\n' > new.crlf
mkdir empty-dir
`;

const ENV = { PATH: "/usr/local/bin:/usr/bin:/bin", HOME: "/nonexistent-home", LANG: "C" };

function runId(): string {
  return `t${randomBytes(3).toString("hex")}`;
}

async function output(
  sandbox: Sandbox,
  script: string,
  input?: string,
): Promise<{ code: number | null; text: string }> {
  let text = "";
  const result = await sandbox.exec(["/bin/sh", "-c", script], {
    env: ENV,
    onOutput: (chunk) => {
      text += chunk.toString();
    },
    ...(input !== undefined ? { input } : {}),
  });
  return { code: result.exitCode, text };
}

/** What must not change in the user's repository while a sandbox works. */
function repoState(repo: TempRepo): string {
  const index = createHash("sha1")
    .update(readFileSync(path.join(repo.root, ".git/index")))
    .digest("hex");
  const listing = readdirSync(repo.root, { recursive: true, withFileTypes: false })
    .map(String)
    .filter((f) => !f.startsWith(".git"))
    .sort();
  return [
    repo.git("for-each-ref"),
    repo.git("rev-parse", "HEAD"),
    repo.git("status", "--porcelain"),
    index,
    ...listing,
  ].join("\n");
}

async function driverFor(
  repo: TempRepo,
  name: string,
  settings: Partial<SandboxSettings> = {},
): Promise<SandboxDriver> {
  const driver = createSandboxDriver(name, await openRepo(repo.root), {
    network: "none",
    deps: ["node_modules"],
    ...settings,
  });
  return driver;
}

async function open(driver: SandboxDriver, commit: string, run = runId()): Promise<Sandbox> {
  const sandbox = await driver.create(commit, { name: `${run}-task.1`, runId: run });
  onTestFinished(async () => {
    await sandbox.dispose();
    await driver.sweep(run);
  });
  return sandbox;
}

/** The worktree sandbox is `git add -A` in a checkout: the reference the others must match. */
async function reference(
  repo: TempRepo,
  script: string,
): Promise<{ tree: string; status: string }> {
  const worktree = await open(await driverFor(repo, "worktree"), repo.git("rev-parse", "HEAD"));
  await output(worktree, script);
  const status = (await output(worktree, "git status --porcelain")).text;
  return { tree: await worktree.captureTree(), status };
}

for (const [name, missing, settings] of [
  ["overlay", overlayMissing(), {}],
  ["docker", dockerMissing(), { image: TEST_IMAGE }],
] as const) {
  describeWhen(`${name} sandbox`, missing, () => {
    it("captures exactly what git add -A would, reading only the change; the user's repository is untouched", async () => {
      const repo = tempRepo(FILES);
      const expected = await reference(repo, EDITS);
      const before = repoState(repo);
      const sandbox = await open(
        await driverFor(repo, name, settings),
        repo.git("rev-parse", "HEAD"),
      );
      const edited = await output(sandbox, EDITS);
      expect(edited).toEqual({ code: 0, text: "" });
      const tree = await sandbox.captureTree();
      expect(repo.git("ls-tree", "-r", tree)).toBe(repo.git("ls-tree", "-r", expected.tree));
      expect(tree).toBe(expected.tree);
      expect(repoState(repo)).toBe(before);
    });

    it("runs git inside: status and diff show the task's change, HEAD is the start commit", async () => {
      const repo = tempRepo(FILES);
      const head = repo.git("rev-parse", "HEAD");
      const expected = await reference(repo, EDITS);
      const before = repoState(repo);
      const sandbox = await open(await driverFor(repo, name, settings), head);
      await output(sandbox, EDITS);
      const status = await output(sandbox, "git status --porcelain");
      expect(status.text).toBe(expected.status);
      const diff = await output(sandbox, "git diff -- src/a.ts");
      expect(diff.text).toContain("+changed");
      expect((await output(sandbox, "git rev-parse HEAD")).text.trim()).toBe(head);
      // Commits made inside stay inside.
      const commit = await output(
        sandbox,
        "git add -A && git -c user.name=a -c user.email=a@b commit -qm inside && git rev-parse HEAD",
      );
      expect(commit.code).toBe(0);
      const made = commit.text.trim().split("\n").at(-1) ?? "";
      expect(made).toMatch(/^[0-9a-f]{40}$/);
      expect(() =>
        execFileSync("git", ["cat-file", "-e", made], { cwd: repo.root, stdio: "ignore" }),
      ).toThrow();
      expect(repoState(repo)).toBe(before);
    });

    it("applies attributes from wherever git reads them, in a repository without .gitattributes", async () => {
      const files = { ...FILES };
      delete (files as Record<string, string | undefined>)[".gitattributes"];
      const repo = tempRepo(files);
      const global = path.join(repo.root, "..", `${path.basename(repo.root)}-attributes`);
      writeFileSync(global, "*.crlf text eol=lf\n");
      onTestFinished(() => rmSync(global, { force: true }));
      repo.git("config", "core.attributesFile", global);
      mkdirSync(path.join(repo.root, ".git", "info"), { recursive: true });
      writeFileSync(path.join(repo.root, ".git", "info", "attributes"), "*.lf text eol=lf\n");
      const script =
        "printf 'a\\r\\nb\\r\\n' > one.crlf && printf 'c\\r\\n' > two.lf && printf 'd\\r\\n' > three.txt";
      const expected = await reference(repo, script);
      const sandbox = await open(
        await driverFor(repo, name, settings),
        repo.git("rev-parse", "HEAD"),
      );
      await output(sandbox, script);
      const tree = await sandbox.captureTree();
      expect(repo.git("ls-tree", "-r", tree)).toBe(repo.git("ls-tree", "-r", expected.tree));
      // Converted: "a\nb\n" and "c\n"; as written: "d\r\n".
      expect(
        ["one.crlf", "two.lf", "three.txt"].map((f) => repo.git("cat-file", "-s", `${tree}:${f}`)),
      ).toEqual(["4", "2", "3"]);
    });

    it("starts from any commit, such as a dependency's result, and captures nothing when nothing changed", async () => {
      const repo = tempRepo(FILES);
      const first = repo.git("rev-parse", "HEAD");
      repo.write("src/a.ts", "export const a = 2;\n");
      repo.write("added.txt", "later\n");
      const second = repo.commitAll("second");
      const driver = await driverFor(repo, name, settings);
      const run = runId();
      const later = await driver.create(second, { name: `${run}-later.1`, runId: run });
      const earlier = await driver.create(first, { name: `${run}-earlier.1`, runId: run });
      onTestFinished(async () => {
        await later.dispose();
        await earlier.dispose();
        await driver.sweep(run);
      });
      expect((await output(later, "cat src/a.ts added.txt")).text).toBe(
        "export const a = 2;\nlater\n",
      );
      expect(
        (await output(earlier, "cat src/a.ts; ls added.txt 2>&1 >/dev/null | wc -l")).text,
      ).toBe("export const a = 1;\n1\n");
      expect(await earlier.captureTree()).toBe(repo.git("rev-parse", `${first}^{tree}`));
      expect(await later.captureTree()).toBe(repo.git("rev-parse", `${second}^{tree}`));
    });

    it("passes standard input, exit codes, the working folder and the environment; times out and cancels", async () => {
      const repo = tempRepo(FILES);
      const sandbox = await open(
        await driverFor(repo, name, settings),
        repo.git("rev-parse", "HEAD"),
      );
      expect(await output(sandbox, "cat; exit 3", "from stdin")).toEqual({
        code: 3,
        text: "from stdin",
      });
      let text = "";
      const inSrc = await sandbox.exec(["/bin/sh", "-c", 'pwd; echo "$GREETING"'], {
        cwd: "src",
        env: { ...ENV, GREETING: "hello" },
        onOutput: (c) => {
          text += c.toString();
        },
      });
      expect(inSrc.exitCode).toBe(0);
      expect(text).toBe(`${path.posix.join(sandbox.root, "src")}\nhello\n`);
      const slow = await sandbox.exec(["/bin/sh", "-c", "sleep 30"], { env: ENV, timeoutMs: 500 });
      expect(slow.timedOut).toBe(true);
      expect(slow.durationMs).toBeLessThan(10_000);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 300);
      const cancelled = await sandbox.exec(["/bin/sh", "-c", "sleep 30"], {
        env: ENV,
        signal: controller.signal,
      });
      expect(cancelled.aborted).toBe(true);
      expect(cancelled.durationMs).toBeLessThan(10_000);
      // The sandbox still works after its processes were stopped.
      expect(await output(sandbox, "echo alive")).toEqual({ code: 0, text: "alive\n" });
    });

    it("shows the user's ignored node_modules, and never writes to them", async () => {
      const repo = tempRepo(FILES);
      mkdirSync(path.join(repo.root, "node_modules/dep"), { recursive: true });
      writeFileSync(path.join(repo.root, "node_modules/dep/index.js"), "module.exports = 1;\n");
      const sandbox = await open(
        await driverFor(repo, name, settings),
        repo.git("rev-parse", "HEAD"),
      );
      const seen = await output(
        sandbox,
        "cat node_modules/dep/index.js; echo x > node_modules/dep/new.js; echo rc=$?",
      );
      expect(seen.text).toContain("module.exports = 1;");
      expect(existsSync(path.join(repo.root, "node_modules/dep/new.js"))).toBe(false);
      expect(await sandbox.captureTree()).toBe(repo.git("rev-parse", "HEAD^{tree}"));
    });

    it("removes every trace on dispose, and sweep removes what a run kept", async () => {
      const repo = tempRepo(FILES);
      const driver = await driverFor(repo, name, settings);
      const run = runId();
      const sandbox = await driver.create(repo.git("rev-parse", "HEAD"), {
        name: `${run}-t.1`,
        runId: run,
      });
      await output(sandbox, "echo x > new.txt");
      const location = sandbox.location;
      await sandbox.dispose();
      if (name === "overlay") expect(existsSync(location)).toBe(false);
      else
        expect(() => execFileSync("docker", ["inspect", location], { stdio: "ignore" })).toThrow();
      const leftover = await driver.create(repo.git("rev-parse", "HEAD"), {
        name: `${run}-t.2`,
        runId: run,
      });
      expect(await driver.sweep(run)).toBe(1);
      expect(readdirSync(path.join(repo.root, ".git/armada/runs", run))).toEqual([]);
      if (name === "docker") {
        expect(() =>
          execFileSync("docker", ["inspect", leftover.location], { stdio: "ignore" }),
        ).toThrow();
        expect(
          execFileSync("docker", ["images", "-q", "--filter", `label=armada.run=${run}`], {
            encoding: "utf8",
          }),
        ).toBe("");
      }
    });
  });
}

describeWhen("overlay sandbox limits", overlayMissing(), () => {
  it("stops what the agent left running before it reads the change, so the change holds still", async () => {
    const repo = tempRepo(FILES);
    const sandbox = await open(await driverFor(repo, "overlay"), repo.git("rev-parse", "HEAD"));
    // Its own session: out of reach of the command's process group, which ends with it.
    await output(
      sandbox,
      "setsid sh -c 'while :; do echo x >> left.txt; sleep 0.01; done' >/dev/null 2>&1 & sleep 0.2",
    );
    const first = await sandbox.captureTree();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await sandbox.captureTree()).toBe(first);
    expect(repo.git("ls-tree", first, "left.txt")).toContain("blob");
    expect((await output(sandbox, "ps -e -o comm= | grep -c sleep || true")).text.trim()).toBe("0");
  });

  it("lets one command through to the network when it asks (a cli agent), and only that one", async () => {
    const connections: number[] = [];
    const server = createServer((socket) => {
      connections.push(1);
      socket.on("error", () => {});
      socket.end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    onTestFinished(() => {
      server.close();
    });
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : 0;
    const repo = tempRepo(FILES);
    const sandbox = await open(await driverFor(repo, "overlay"), repo.git("rev-parse", "HEAD"));
    const connect = [
      "node",
      "-e",
      `require("net").connect(${port}, "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(3))`,
    ];
    expect((await sandbox.exec(connect, { env: ENV })).exitCode).toBe(3);
    expect((await sandbox.exec(connect, { env: ENV, network: true })).exitCode).toBe(0);
    expect(connections).toHaveLength(1);
  });

  it("--disk caps what a sandbox may write", async () => {
    const repo = tempRepo(FILES);
    const sandbox = await open(
      await driverFor(repo, "overlay", { disk: 4 * 1024 * 1024 }),
      repo.git("rev-parse", "HEAD"),
    );
    const fill = await output(
      sandbox,
      "head -c 16000000 /dev/zero > big.bin; echo rc=$?; head -c 16000000 /dev/zero > /tmp/big.bin; echo rc=$?",
    );
    expect(fill.text.match(/No space left on device/g)).toHaveLength(2);
    expect(fill.text.match(/rc=1/g)).toHaveLength(2);
    expect(existsSync(path.join(repo.root, "big.bin"))).toBe(false);
  });

  it("refuses settings it cannot enforce", async () => {
    const repo = tempRepo(FILES);
    const root = await openRepo(repo.root);
    await expect(
      checkSandbox("overlay", root, { network: "none", deps: [], memory: 1 << 30 }),
    ).rejects.toThrow("--memory is for docker sandboxes");
    await expect(
      checkSandbox("worktree", root, { network: "none", deps: [], disk: 1 << 30 }),
    ).rejects.toThrow("--disk cannot apply to worktree sandboxes");
  });
});

describeWhen("docker sandbox limits", dockerMissing(), () => {
  it("captures through the engine's diff too, as when its layers are out of reach", async () => {
    const repo = tempRepo(FILES);
    const head = repo.git("rev-parse", "HEAD");
    const expected = await reference(repo, EDITS);
    const run = runId();
    const gitRepo = await openRepo(repo.root);
    const sandbox = await open(await driverFor(repo, "docker", { image: TEST_IMAGE }), head, run);
    await output(sandbox, EDITS);
    const base = await baseTrees(gitRepo).get(run, head);
    const scratch = mkdtempSync(path.join(tmpdir(), "armada-capture-"));
    onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
    const changes = await dockerChanges(
      new Docker().getContainer(sandbox.location),
      base.dir,
      [".git"],
      scratch,
    );
    expect(await treeFromChanges(gitRepo, base, changes)).toBe(expected.tree);
  });

  it("starts containers without network or capabilities, as the image's user, with the limits asked", async () => {
    const repo = tempRepo(FILES);
    const sandbox = await open(
      await driverFor(repo, "docker", { image: TEST_IMAGE, cpus: 1.5, memory: 256 * 1024 * 1024 }),
      repo.git("rev-parse", "HEAD"),
    );
    const [info] = JSON.parse(
      execFileSync("docker", ["inspect", sandbox.location], { encoding: "utf8" }),
    ) as {
      HostConfig: Record<string, unknown>;
      Config: { Labels: Record<string, string> };
    }[];
    expect(info?.HostConfig).toMatchObject({
      NetworkMode: "none",
      NanoCpus: 1_500_000_000,
      Memory: 268_435_456,
      PidsLimit: 2048,
      CapDrop: ["ALL"],
    });
    expect(info?.Config.Labels["armada.repo"]).toBe(path.join(repo.root, ".git"));
    expect((await output(sandbox, "id -u")).text).toBe("1000\n");
  });

  it("says how to get an image that is not on this machine", async () => {
    const repo = tempRepo(FILES);
    const check = checkSandbox("docker", await openRepo(repo.root), {
      network: "none",
      deps: [],
      image: "armada-test/no-such-image:1",
    });
    await expect(check).rejects.toBeInstanceOf(SandboxUnavailableError);
    await expect(check).rejects.toThrow(
      "the image armada-test/no-such-image:1 is not on this machine, and armada does not pull images. Get it with `docker pull armada-test/no-such-image:1`",
    );
  });
});
