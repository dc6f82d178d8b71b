import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import Docker from "dockerode";
import { describe, expect, it, onTestFinished } from "vitest";
import type {
  Sandbox,
  SandboxDriver,
  SandboxSettings,
  SetupBuild,
  SetupSpec,
} from "../src/core/sandbox-port.js";
import { listFiles, openRepo } from "../src/git/index.js";
import { commitSetupImage } from "../src/sandbox/docker-setup-image.js";
import { createSandboxDriver, scrubbedEnv } from "../src/sandbox/index.js";
import { trackedPaths } from "../src/sandbox/tracked-paths.js";
import {
  listSetupLayers,
  proposeSetup,
  removeSetupLayers,
  SetupFailedError,
  setupCacheDir,
  setupInputs,
  setupKey,
} from "../src/setup/index.js";
import { NPM_ENV, npmApp, packTarball } from "./support/npm-app.js";
import {
  describeWhen,
  dockerMissing,
  overlayMissing,
  TEST_IMAGE,
} from "./support/sandbox-availability.js";
import { type TempRepo, tempRepo } from "./support/temp-repo.js";

// No ignore rules for node_modules: the layer must stay out of results by itself.
const FILES: Record<string, string> = {
  "README.md": "# fixture\n",
  "src/a.ts": "export const a = 1;\n",
  "package.json": '{ "name": "fixture", "version": "1.0.0" }\n',
};

const MAKE_MODULES =
  "mkdir -p node_modules/x src/gen && echo hi > node_modules/x/index.js && echo out > src/gen/out.js && echo changed >> README.md";

const ENV = { ...scrubbedEnv(), ...NPM_ENV };

function runId(): string {
  return `t${randomBytes(3).toString("hex")}`;
}

function spec(key: string, commands: string[], more: Partial<SetupSpec> = {}): SetupSpec {
  return { key, runId: runId(), commands, env: ENV, timeoutMs: 30_000, network: true, ...more };
}

async function output(sandbox: Sandbox, script: string): Promise<string> {
  let text = "";
  const result = await sandbox.exec(["/bin/sh", "-c", script], {
    env: ENV,
    onOutput: (chunk) => {
      text += chunk.toString();
    },
  });
  if (result.exitCode !== 0) throw new Error(`${script} exited ${result.exitCode}: ${text}`);
  return text;
}

const DRIVERS = [
  ["overlay", overlayMissing(), {}],
  ["worktree", undefined, {}],
  ["docker", dockerMissing(), { image: TEST_IMAGE }],
] as const;

async function driverFor(
  repo: TempRepo,
  name: string,
  settings: Partial<SandboxSettings> = {},
): Promise<SandboxDriver> {
  return createSandboxDriver(name, await openRepo(repo.root), {
    network: "none",
    deps: ["node_modules"],
    ...settings,
  });
}

/** The key setup would have on this repository's HEAD. */
async function keyOf(repo: TempRepo, commands: string[], driver: string): Promise<string> {
  const head = repo.git("rev-parse", "HEAD");
  const files = await listFiles(repo.root, head);
  return setupKey(repo.root, head, {
    inputs: setupInputs(files, commands),
    commands,
    driver,
    ...(driver === "docker" ? { image: TEST_IMAGE } : {}),
  });
}

/** Sweeps the runs, then removes every layer (and setup image) the repository kept. */
function cleanUp(repo: TempRepo, drivers: SandboxDriver[], runs: string[]): void {
  onTestFinished(async () => {
    for (const driver of drivers) for (const run of runs) await driver.sweep(run);
    await removeSetupLayers(path.join(repo.root, ".git"), { unusedForMs: -60_000 });
  });
}

function cacheEntries(repo: TempRepo): string[] {
  const dir = setupCacheDir(path.join(repo.root, ".git"));
  return existsSync(dir) ? readdirSync(dir) : [];
}

describe("proposing setup", () => {
  it("proposes the command of each ecosystem's lockfile at the top, first match", () => {
    expect(proposeSetup(["package.json", "package-lock.json", "src/a.js"])).toEqual(["npm ci"]);
    expect(proposeSetup(["yarn.lock", ".yarnrc.yml"])).toEqual(["yarn install --immutable"]);
    expect(proposeSetup(["yarn.lock"])).toEqual(["yarn install --frozen-lockfile"]);
    expect(proposeSetup(["pnpm-lock.yaml", "go.sum", "Cargo.lock"])).toEqual([
      "pnpm install --frozen-lockfile",
      "go mod download",
      "cargo fetch",
    ]);
    expect(proposeSetup(["requirements.txt"])).toEqual([
      "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
    ]);
    expect(proposeSetup(["uv.lock", "requirements.txt", "Gemfile.lock", "bun.lockb"])).toEqual([
      "bun install --frozen-lockfile",
      "uv sync --frozen",
      "bundle config set --local path vendor/bundle && bundle install",
    ]);
    expect(proposeSetup(["poetry.lock", "requirements.txt"])).toEqual([
      "POETRY_VIRTUALENVS_IN_PROJECT=true poetry install",
    ]);
    expect(proposeSetup(["packages/a/package-lock.json", "src/x.ts"])).toBeUndefined();
  });

  it("takes as inputs the manifests and lockfiles of installers, and every file for other commands", () => {
    const files = [
      "package.json",
      "package-lock.json",
      ".npmrc",
      "packages/a/package.json",
      "src/index.ts",
      "requirements-dev.txt",
      "patches/x+1.0.0.patch",
      "README.md",
    ];
    expect(
      setupInputs(files, [
        "npm ci",
        "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt",
      ]),
    ).toEqual([
      "package.json",
      "package-lock.json",
      ".npmrc",
      "packages/a/package.json",
      "requirements-dev.txt",
      "patches/x+1.0.0.patch",
    ]);
    const poetry = setupInputs(files, ["POETRY_VIRTUALENVS_IN_PROJECT=true poetry install"]);
    expect(poetry).toHaveLength(6);
    expect(setupInputs(files, ["npm ci && npm run build"])).toEqual(files);
    expect(setupInputs(files, ["yarn build"])).toEqual(files);
  });

  it("keys a layer by its inputs' contents, commands, driver and image, not by other files", async () => {
    const repo = tempRepo({ ...FILES, "package-lock.json": '{ "lockfileVersion": 3 }\n' });
    const first = await keyOf(repo, ["npm ci"], "overlay");
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    repo.write("src/a.ts", "export const a = 2;\n");
    repo.commitAll("source");
    expect(await keyOf(repo, ["npm ci"], "overlay")).toBe(first);
    expect(await keyOf(repo, ["npm ci --ignore-scripts"], "overlay")).not.toBe(first);
    expect(await keyOf(repo, ["npm ci"], "docker")).not.toBe(first);
    repo.write("package-lock.json", '{ "lockfileVersion": 3, "packages": {} }\n');
    repo.commitAll("lockfile");
    expect(await keyOf(repo, ["npm ci"], "overlay")).not.toBe(first);
  });
});

for (const [name, missing, settings] of DRIVERS) {
  describeWhen(`setup layer of ${name} sandboxes`, missing, () => {
    it("keeps only what setup made, shared copy-on-write by sandboxes that write into it apart", async () => {
      const repo = tempRepo(FILES);
      const head = repo.git("rev-parse", "HEAD");
      const builder = await driverFor(repo, name, settings);
      const key = await keyOf(repo, [MAKE_MODULES], name);
      const setup = spec(key, [MAKE_MODULES]);
      const run = setup.runId;
      let log = "";
      const built = await builder.buildLayer(head, {
        ...setup,
        onOutput: (chunk) => {
          log += chunk.toString();
        },
      });
      expect(log).toBe(`$ ${MAKE_MODULES}\n`);
      expect(built).toMatchObject({ cached: false, droppedTracked: ["README.md"] });
      expect(built.layer).toMatchObject({ key, driver: name, paths: ["node_modules", "src/gen"] });
      if (name === "docker") {
        expect(built.layer.location).toBe(`armada-setup:${key.slice(0, 16)}`);
        const label = execFileSync(
          "docker",
          [
            "image",
            "inspect",
            "--format",
            '{{index .Config.Labels "armada.setup"}}',
            built.layer.location,
          ],
          { encoding: "utf8" },
        );
        expect(label.trim()).toBe(key);
      } else {
        const layer = built.layer.location;
        expect(readFileSync(path.join(layer, "node_modules/x/index.js"), "utf8")).toBe("hi\n");
        expect(readdirSync(layer).sort()).toEqual(["node_modules", "src"]);
        expect(readdirSync(path.join(layer, "src"))).toEqual(["gen"]);
      }

      const sandboxes = await driverFor(repo, name, { ...settings, layer: built.layer });
      cleanUp(repo, [builder, sandboxes], [run]);
      const opened = await Promise.all(
        [1, 2, 3].map((i) => sandboxes.create(head, { name: `${run}-t${i}.1`, runId: run })),
      );
      for (const [i, sandbox] of opened.entries()) {
        expect(await output(sandbox, "cat node_modules/x/index.js src/gen/out.js README.md")).toBe(
          "hi\nout\n# fixture\n",
        );
        await output(
          sandbox,
          `echo mine-${i} > node_modules/x/index.js && echo new > node_modules/x/new.js && echo ${i} >> src/a.ts`,
        );
      }
      for (const [i, sandbox] of opened.entries()) {
        expect(await output(sandbox, "cat node_modules/x/index.js")).toBe(`mine-${i}\n`);
      }
      // The agent's result has its edit, and nothing of the layer, which no rule ignores.
      const tree = await opened[0]?.captureTree();
      expect(repo.git("ls-tree", "-r", "--name-only", tree ?? "")).toBe(
        "README.md\npackage.json\nsrc/a.ts",
      );
      expect(repo.git("show", `${tree}:src/a.ts`)).toBe("export const a = 1;\n0");
      for (const sandbox of opened) await sandbox.dispose();
      if (name === "docker") {
        const fresh = await sandboxes.create(head, { name: `${run}-t4.1`, runId: run });
        expect(await output(fresh, "cat node_modules/x/index.js; ls node_modules/x")).toBe(
          "hi\nindex.js\n",
        );
        await fresh.dispose();
      } else {
        const layer = built.layer.location;
        expect(readFileSync(path.join(layer, "node_modules/x/index.js"), "utf8")).toBe("hi\n");
        expect(readdirSync(path.join(layer, "node_modules/x"))).toEqual(["index.js"]);
      }

      let again = "";
      const started = performance.now();
      const second = await builder.buildLayer(head, {
        ...spec(key, [MAKE_MODULES]),
        onOutput: (chunk) => {
          again += chunk.toString();
        },
      });
      expect(performance.now() - started).toBeLessThan(1000);
      expect(again).toBe("");
      expect(second).toMatchObject({ cached: true, droppedTracked: ["README.md"] });
      expect(second.layer).toEqual(built.layer);
    });

    it("fails with the log's tail and keeps nothing when setup fails or hangs", async () => {
      const repo = tempRepo(FILES);
      const head = repo.git("rev-parse", "HEAD");
      const driver = await driverFor(repo, name, settings);
      const failing = spec("a".repeat(64), [
        "echo first",
        "mkdir -p node_modules/y && echo oops >&2 && exit 3",
        "echo never",
      ]);
      const hanging = spec("b".repeat(64), ["echo waiting; sleep 30"], { timeoutMs: 1500 });
      cleanUp(repo, [driver], [failing.runId, hanging.runId]);
      const failed = await driver.buildLayer(head, failing).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(SetupFailedError);
      expect(failed).toMatchObject({
        code: "setup-failed",
        command: "mkdir -p node_modules/y && echo oops >&2 && exit 3",
        failure: "failed",
        exitCode: 3,
        logTail: "$ mkdir -p node_modules/y && echo oops >&2 && exit 3\noops",
      });
      expect((failed as SetupFailedError).userMessage).toContain(
        "failed (exit code 3). Its output:\n  $ mkdir -p node_modules/y && echo oops >&2 && exit 3\n  oops\n",
      );
      const started = performance.now();
      const hung = await driver.buildLayer(head, hanging).catch((error: unknown) => error);
      expect(performance.now() - started).toBeLessThan(8000);
      expect(hung).toMatchObject({
        code: "setup-timed-out",
        failure: "timed-out",
        logTail: "$ echo waiting; sleep 30\nwaiting",
      });
      expect((hung as SetupFailedError).userMessage).toContain("did not finish within 2 s");
      const controller = new AbortController();
      const cancelled = spec("c".repeat(64), ["sleep 30"], { signal: controller.signal });
      cleanUp(repo, [driver], [cancelled.runId]);
      setTimeout(() => controller.abort(), 300);
      await expect(driver.buildLayer(head, cancelled)).rejects.toMatchObject({
        code: "setup-cancelled",
        failure: "cancelled",
      });
      expect(cacheEntries(repo)).toEqual([]);
      if (name === "overlay") {
        expect(
          readdirSync(path.join(repo.root, ".git/armada/runs", failing.runId, "sandboxes")),
        ).toEqual([]);
      }
      if (name === "docker") {
        const left = execFileSync("docker", ["ps", "-aq", "--filter", `name=${failing.runId}`], {
          encoding: "utf8",
        });
        expect(left).toBe("");
      }
    });
  });
}

describe("setup layer of reused worktree sandboxes", () => {
  it("keeps the layer's copy an attempt left untouched, and copies again one it changed", async () => {
    const repo = tempRepo(FILES);
    const head = repo.git("rev-parse", "HEAD");
    const builder = await driverFor(repo, "worktree");
    const setup = spec(await keyOf(repo, [MAKE_MODULES], "worktree"), [MAKE_MODULES]);
    const run = setup.runId;
    const built = await builder.buildLayer(head, setup);
    const driver = await driverFor(repo, "worktree", { layer: built.layer });
    cleanUp(repo, [builder, driver], [run]);
    const inode = (sandbox: Sandbox, file: string): string =>
      execFileSync("stat", ["-c", "%i", path.join(sandbox.root, file)], { encoding: "utf8" });

    const first = await driver.create(head, { name: `${run}-a.1`, runId: run });
    const before = inode(first, "node_modules/x/index.js");
    await output(first, "cat node_modules/x/index.js > /dev/null && echo 1 >> src/a.ts");
    await first.dispose();
    const second = await driver.create(head, { name: `${run}-a.2`, runId: run });
    expect(second.root).toBe(first.root);
    expect(inode(second, "node_modules/x/index.js")).toBe(before);
    expect(await output(second, "cat src/a.ts node_modules/x/index.js")).toBe(
      "export const a = 1;\nhi\n",
    );
    // An attempt that writes into the layer's copy, even keeping the file's size and times.
    await output(
      second,
      "touch -r node_modules/x/index.js .ref && echo HI > node_modules/x/index.js && touch -r .ref node_modules/x/index.js && echo x > src/gen/extra.js",
    );
    await second.dispose();
    const third = await driver.create(head, { name: `${run}-a.3`, runId: run });
    expect(third.root).toBe(first.root);
    expect(await output(third, "cat node_modules/x/index.js; ls src/gen")).toBe("hi\nout.js\n");
    await third.dispose();
  });
});

/** A repository whose setup is `npm ci` of a local package, its lockfile pinning it. */
function npmRepo(): TempRepo {
  return npmApp(
    { "README.md": "# app\n", ".gitignore": "node_modules/\n" },
    "module.exports = 'x1';\n",
  );
}

for (const [name, missing] of DRIVERS.filter(([driver]) => driver !== "docker")) {
  describeWhen(`npm ci as the setup of ${name} sandboxes`, missing, () => {
    it("installs from the lockfile once, and refuses a lockfile out of step with its manifest", async () => {
      const repo = npmRepo();
      const head = repo.git("rev-parse", "HEAD");
      const files = await listFiles(repo.root, head);
      const commands = proposeSetup(files) ?? [];
      expect(commands).toEqual(["npm ci"]);
      expect(setupInputs(files, commands)).toEqual(["package-lock.json", "package.json"]);
      const driver = await driverFor(repo, name);
      const setup = spec(await keyOf(repo, commands, name), commands);
      cleanUp(repo, [driver], [setup.runId]);
      const built: SetupBuild = await driver.buildLayer(head, setup);
      expect(built.layer.paths).toEqual(["node_modules"]);
      const modules = path.join(built.layer.location, "node_modules");
      expect(readFileSync(path.join(modules, "x/index.js"), "utf8")).toBe(
        "module.exports = 'x1';\n",
      );
      // npm ci's record of what it installed, from the lockfile.
      const installed = JSON.parse(readFileSync(path.join(modules, ".package-lock.json"), "utf8"));
      expect(installed.packages["node_modules/x"]).toMatchObject({
        version: "1.0.0",
        resolved: "file:vendor/x-1.0.0.tgz",
      });
      const sandboxes = await driverFor(repo, name, { layer: built.layer });
      const sandbox = await sandboxes.create(head, {
        name: `${setup.runId}-t.1`,
        runId: setup.runId,
      });
      cleanUp(repo, [sandboxes], [setup.runId]);
      expect(await output(sandbox, "node -e 'console.log(require(\"x\"))'")).toBe("x1\n");
      // The layer's node_modules is ignored here: the result has the agent's edit only.
      await output(sandbox, "echo more >> README.md && echo y > node_modules/x/y.js");
      const tree = await sandbox.captureTree();
      expect(repo.git("diff", "--name-only", `${head}^{tree}`, tree)).toBe("README.md");
      await sandbox.dispose();

      // A dependency added to the manifest, not to the lockfile: npm ci says so, nothing kept.
      packTarball(path.join(repo.root, "vendor"), "y", "1.0.0", "module.exports = 'y';\n");
      repo.write(
        "package.json",
        JSON.stringify({
          name: "app",
          version: "1.0.0",
          dependencies: { x: "file:vendor/x-1.0.0.tgz", y: "file:vendor/y-1.0.0.tgz" },
        }),
      );
      const next = repo.commitAll("y");
      const key = await keyOf(repo, commands, name);
      expect(key).not.toBe(setup.key);
      const stale = spec(key, commands);
      cleanUp(repo, [driver], [stale.runId]);
      const failed = await driver.buildLayer(next, stale).catch((error: unknown) => error);
      expect(failed).toBeInstanceOf(SetupFailedError);
      const tail = (failed as SetupFailedError).logTail.split("\n");
      expect(tail[0]).toBe("$ npm ci");
      expect(tail.slice(0, 15).join("\n")).toMatch(
        /package.json and package-lock.json .* are in sync/,
      );
      expect(tail.length).toBeLessThanOrEqual(56);
      expect(cacheEntries(repo)).toEqual([setup.key]);
    });
  });
}

describeWhen("setup layers and the user's own folders", overlayMissing(), () => {
  it("builds once for concurrent builds of a key, waits for another process's lock, and takes over a stale one", async () => {
    const repo = tempRepo(FILES);
    const head = repo.git("rev-parse", "HEAD");
    const one = await driverFor(repo, "overlay");
    const two = await driverFor(repo, "overlay");
    const key = await keyOf(repo, [MAKE_MODULES], "overlay");
    const a = spec(key, [MAKE_MODULES]);
    const b = spec(key, [MAKE_MODULES]);
    cleanUp(repo, [one], [a.runId, b.runId]);
    const [first, second] = await Promise.all([one.buildLayer(head, a), two.buildLayer(head, b)]);
    expect([first.cached, second.cached]).toEqual([false, true]);
    expect(second.layer).toEqual(first.layer);

    // Another process holds the lock of a key: the build waits for it to let go.
    const other = spec(await keyOf(repo, ["mkdir -p node_modules/z"], "overlay"), [
      "mkdir -p node_modules/z",
    ]);
    cleanUp(repo, [one], [other.runId]);
    const lock = path.join(setupCacheDir(path.join(repo.root, ".git")), `${other.key}.lock`);
    writeFileSync(lock, `${process.ppid}\n`);
    let done = false;
    const waiting = one.buildLayer(head, other).then((build) => {
      done = true;
      return build;
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(done).toBe(false);
    rmSync(lock);
    expect((await waiting).cached).toBe(false);

    // A lock whose process is gone is stale.
    const third = spec(await keyOf(repo, ["mkdir -p node_modules/w"], "overlay"), [
      "mkdir -p node_modules/w",
    ]);
    cleanUp(repo, [one], [third.runId]);
    writeFileSync(
      `${setupCacheDir(path.join(repo.root, ".git"))}/${third.key}.lock`,
      "999999999\n",
    );
    expect((await one.buildLayer(head, third)).layer.paths).toEqual(["node_modules"]);
  });

  it("shows the layer's node_modules instead of the user's, and gc removes layers left unused", async () => {
    const repo = tempRepo(FILES);
    const head = repo.git("rev-parse", "HEAD");
    mkdirSync(path.join(repo.root, "node_modules/dep"), { recursive: true });
    writeFileSync(path.join(repo.root, "node_modules/dep/index.js"), "user's\n");
    const builder = await driverFor(repo, "overlay");
    const setup = spec(await keyOf(repo, [MAKE_MODULES], "overlay"), [MAKE_MODULES]);
    cleanUp(repo, [builder], [setup.runId]);
    const built = await builder.buildLayer(head, setup);
    const sandboxes = await driverFor(repo, "overlay", { layer: built.layer });
    const sandbox = await sandboxes.create(head, {
      name: `${setup.runId}-t.1`,
      runId: setup.runId,
    });
    cleanUp(repo, [sandboxes], [setup.runId]);
    expect(await output(sandbox, "ls node_modules")).toBe("x\n");
    await sandbox.dispose();

    const gitDir = path.join(repo.root, ".git");
    expect((await listSetupLayers(gitDir)).map((entry) => entry.key)).toEqual([setup.key]);
    expect(await removeSetupLayers(gitDir, { unusedForMs: 86_400_000 })).toEqual([]);
    const old = new Date(Date.now() - 2 * 86_400_000);
    utimesSync(path.join(setupCacheDir(gitDir), setup.key), old, old);
    expect(await removeSetupLayers(gitDir, { unusedForMs: 86_400_000, keep: [setup.key] })).toEqual(
      [],
    );
    const removed = await removeSetupLayers(gitDir, { unusedForMs: 86_400_000 });
    expect(removed.map((entry) => entry.key)).toEqual([setup.key]);
    expect(cacheEntries(repo)).toEqual([]);
  });
});

/** Every entry of the codebase's folder in an image: path, kind, link target, size, mode, owner. */
function imageListing(image: string): string {
  return execFileSync(
    "docker",
    ["run", "--rm", image, "find", "/workspace", "-printf", "%p %y %l %s %m %U:%G\n"],
    { encoding: "utf8" },
  )
    .split("\n")
    .sort()
    .join("\n");
}

describeWhen("setup image of a container", dockerMissing(), () => {
  it("commits the same layer whether it reads the container's overlay2 folders or goes through the engine", async () => {
    const repo = tempRepo({ ...FILES, "src/gone.ts": "x\n" });
    const driver = await driverFor(repo, "docker", { image: TEST_IMAGE });
    const run = runId();
    cleanUp(repo, [driver], [run]);
    const tracked = await trackedPaths(repo.root, repo.git("rev-parse", "HEAD^{tree}"));
    const engine = new Docker();
    const images: string[] = [];
    onTestFinished(() => {
      for (const image of images) execFileSync("docker", ["rmi", "-f", image], { stdio: "ignore" });
    });
    const results = [];
    for (const readLayers of [true, false]) {
      const sandbox = await driver.create(repo.git("rev-parse", "HEAD"), {
        name: `${run}-t${readLayers}.1`,
        runId: run,
      });
      await output(
        sandbox,
        `${MAKE_MODULES} && mkdir -p node_modules/x/deep && ln -s ../index.js node_modules/x/deep/link && chmod 700 node_modules/x/deep && rm src/gone.ts && touch .git/setup-was-here`,
      );
      const committed = await commitSetupImage(engine, engine.getContainer(sandbox.location), {
        image: TEST_IMAGE,
        user: { user: "1000:1000", uid: 1000, gid: 1000, home: "/home/node" },
        tracked,
        key: (readLayers ? "d" : "e").repeat(64),
        gitDir: path.join(repo.root, ".git"),
        readLayers,
      });
      images.push(committed.image);
      results.push(committed);
      await sandbox.dispose();
    }
    expect(results[0]).toEqual({
      image: `armada-setup:${"d".repeat(16)}`,
      paths: ["node_modules", "src/gen"],
      droppedTracked: ["README.md", "src/gone.ts"],
    });
    expect({ ...results[1], image: "" }).toEqual({ ...results[0], image: "" });
    const listing = imageListing(results[0]?.image ?? "");
    expect(listing).toContain("/workspace/node_modules/x/deep/link l ../index.js 11 777 1000:1000");
    expect(listing).toContain("/workspace/node_modules/x/deep d  4096 700 1000:1000");
    expect(listing).not.toContain("README");
    expect(imageListing(results[1]?.image ?? "")).toBe(listing);
  });
});
