import { chmod, mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type {
  ExecOptions,
  Sandbox,
  SandboxDriver,
  SandboxOptions,
  SandboxSettings,
} from "../core/sandbox-port.js";
import { cachedSetupLayer, runSetup } from "../setup/index.js";
import { type BaseTree, baseTrees } from "./base-trees.js";
import { dependencyDirs } from "./dependency-dirs.js";
import { OPEN_ROUTE, socketRoute } from "./egress-route.js";
import { bindMount } from "./host-mounts.js";
import { layerFromUpper } from "./layer-from-upper.js";
import { layerFor, layerPresent, outsideLayer } from "./layer-paths.js";
import { type Mount, mountTable } from "./mount-table.js";
import { insideArgv, startHolder } from "./namespace-holder.js";
import { type OverlayTools, overlaySupported } from "./overlay-support.js";
import { pidsCgroup, removePidsCgroups } from "./pids-cgroup.js";
import { runProcess } from "./run-process.js";
import { PIDS_LIMIT } from "./sandbox-limits.js";
import { type SandboxRoot, sandboxRoot } from "./sandbox-root.js";
import { SandboxUnavailableError } from "./sandbox-unavailable-error.js";
import { toolDirs } from "./tool-dirs.js";
import { trackedPaths } from "./tracked-paths.js";
import { treeFromChanges } from "./tree-from-changes.js";
import { upperChanges } from "./upper-changes.js";

/** Armada's own package, whose scripts (built-in recipes) run in sandboxes too. */
const ARMADA_PACKAGE = path.resolve(fileURLToPath(import.meta.url), "../../..");

const INSTEAD =
  "Use --sandbox worktree (portable, no isolation) or --sandbox docker (needs a Docker engine).";

/** The tools, or the reason overlay sandboxes cannot run on this machine. */
export function overlayTools(gitDir: string, settings: SandboxSettings): OverlayTools {
  const support = overlaySupported(gitDir);
  if (!support.ok) throw new SandboxUnavailableError("overlay", support.reason, INSTEAD);
  if (settings.disk !== undefined && !support.diskQuota) {
    throw new SandboxUnavailableError(
      "overlay",
      "--disk needs an overlay upper layer on tmpfs, which this kernel does not support in a user namespace (Linux 6.6 or newer does)",
      "Drop --disk, or use --sandbox docker.",
    );
  }
  return support.tools;
}

async function removeFolder(folder: string): Promise<void> {
  // Overlay leaves its work folders unreadable to their owner, which would stop rm.
  const works = [path.join(folder, "scratch", "work", "work")];
  const deps = await readdir(path.join(folder, "scratch", "deps")).catch(() => [] as string[]);
  for (const dep of deps) works.push(path.join(folder, "scratch", "deps", dep, "work", "work"));
  for (const work of works) await chmod(work, 0o700).catch(() => undefined);
  await rm(folder, { recursive: true, force: true });
}

/** `lowers` from the top down: the first hides the others where they have the same file. */
function overlay(target: string, lowers: string[], upper: string, work: string): Mount {
  for (const dir of [...lowers, upper, work]) {
    if (/[,:]/.test(dir)) {
      throw new SandboxUnavailableError(
        "overlay",
        `the path ${dir} holds a comma or a colon, which overlayfs cannot take`,
        INSTEAD,
      );
    }
  }
  return {
    source: "overlay",
    target,
    type: "overlay",
    options: [
      "userxattr",
      `lowerdir=${lowers.join(":")}`,
      `upperdir=${upper}`,
      `workdir=${work}`,
      "X-mount.mkdir",
    ],
  };
}

/**
 * Sandboxes that cost the same on any repository size: each attempt is an overlayfs mount in
 * its own user, mount, pid (and, by default, network) namespaces, whose lower layer is a
 * checkout of the start tree made once per run and whose upper layer is the attempt's folder.
 * The agent sees the codebase at the repository's own path, the system read-only, an empty
 * $HOME and /tmp of its own, and nothing else; it runs without capabilities, with a bound on
 * its processes. No root privileges needed (Linux 5.11+).
 */
export function overlayDriver(
  repo: { root: string; gitDir: string },
  settings: SandboxSettings,
): SandboxDriver {
  const runsDir = path.join(repo.gitDir, "armada", "runs");
  const bases = baseTrees(repo);
  const roots = new Map<string, Promise<SandboxRoot>>();
  const deps = new Map<string, Promise<string[]>>();
  const network = settings.network !== "none";
  const home = process.env.HOME;
  const toolFolders = [...toolDirs(process.env.PATH ?? "", home), ARMADA_PACKAGE];

  const rootOf = (runId: string): Promise<SandboxRoot> => {
    let root = roots.get(runId);
    if (!root) {
      root = sandboxRoot(path.join(runsDir, runId, "root"), {
        repo: repo.root,
        home,
        tools: toolFolders,
      });
      roots.set(runId, root);
      root.catch(() => roots.delete(runId));
    }
    return root;
  };

  const depsOf = (runId: string): Promise<string[]> => {
    let found = deps.get(runId);
    if (!found) {
      found = dependencyDirs(repo.root, settings.deps);
      deps.set(runId, found);
      found.catch(() => deps.delete(runId));
    }
    return found;
  };

  /** The dependency folders this base can show: each needs a mount point in the base. */
  const depsFor = async (runId: string, base: BaseTree): Promise<string[]> => {
    const usable: string[] = [];
    for (const dep of await depsOf(runId)) {
      const parent = await stat(path.join(base.dir, path.dirname(dep))).catch(() => undefined);
      const there = await stat(path.join(base.dir, dep)).catch(() => undefined);
      if (!parent?.isDirectory() || (there && !there.isDirectory())) continue;
      if (!there) await mkdir(path.join(base.dir, dep), { recursive: true });
      usable.push(dep);
    }
    return usable;
  };

  const sandboxesDir = (runId: string): string => path.join(runsDir, runId, "sandboxes");

  /**
   * A sandbox, and what building a setup layer needs of it: its upper folder (on the host,
   * without a quota) and a stop that ends its processes and mounts but keeps its folder.
   * A setup sandbox (`setup: true`) shows neither the user's folders, nor a layer, nor a quota.
   */
  const open = async (
    startCommit: string,
    options: SandboxOptions,
    setup: boolean,
  ): Promise<{ sandbox: Sandbox; tree: string; upper: string; stop(): Promise<void> }> => {
    const tools = overlayTools(repo.gitDir, settings);
    const layer = setup ? undefined : layerFor("overlay", settings.layer);
    if (layer) await layerPresent(layer);
    const base = await bases.get(options.runId, startCommit);
    const shared = setup
      ? []
      : outsideLayer(await depsFor(options.runId, base), layer?.paths ?? []);
    const root = await rootOf(options.runId);
    const folder = path.join(sandboxesDir(options.runId), options.name);
    // A folder of this name is a leftover of a master that died making it.
    await removeFolder(folder);
    const inRoot = (file: string): string => path.join(root.dir, file);
    const disk = !setup && settings.disk !== undefined;
    const scratch = disk ? inRoot(".armada/scratch") : path.join(folder, "scratch");
    const dirs = [
      "upper/.git",
      "work",
      "home",
      "tmp",
      ...shared.flatMap((_, i) => [`deps/${i}/upper`, `deps/${i}/work`]),
    ];
    await mkdir(folder, { recursive: true });
    // A file is bound onto a file: the holder (or, without a quota, this) lays out each one.
    const homeFiles = (options.homeFiles ?? []).filter(
      (file) => home && home !== "/" && file.startsWith(`${home}/`),
    );
    const homeRel = homeFiles.map((file) => path.relative(home ?? "/", file));
    await writeFile(path.join(folder, "home-files"), homeRel.map((rel) => `${rel}\n`).join(""));
    if (!disk) {
      for (const rel of homeRel) {
        await mkdir(path.dirname(path.join(scratch, "home", rel)), { recursive: true });
        await writeFile(path.join(scratch, "home", rel), "");
      }
      await Promise.all(dirs.map((dir) => mkdir(path.join(scratch, dir), { recursive: true })));
      await Promise.all([
        chmod(path.join(scratch, "tmp"), 0o1777),
        writeFile(path.join(scratch, "upper/.git/HEAD"), `${startCommit}\n`),
      ]);
    }
    const scratchBind = (sub: string, target: string, more: string[] = []): Mount =>
      bindMount(path.join(scratch, sub), inRoot(target), { extra: ["nosuid", "nodev", ...more] });
    const mounts: Mount[] = [
      ...root.mounts,
      scratchBind("tmp", "dev/shm"),
      scratchBind("tmp", "tmp"),
      scratchBind("tmp", "var/tmp"),
      bindMount(path.join(repo.gitDir, "objects"), inRoot(".armada/objects"), {
        readOnly: true,
        extra: ["nosuid", "nodev"],
      }),
      overlay(
        inRoot(repo.root),
        // The base's tracked files win over a layer built for other ones.
        layer ? [base.dir, layer.location] : [base.dir],
        path.join(scratch, "upper"),
        path.join(scratch, "work"),
      ),
      ...shared.map((dep, i) =>
        overlay(
          inRoot(path.join(repo.root, dep)),
          [path.join(repo.root, dep)],
          path.join(scratch, "deps", String(i), "upper"),
          path.join(scratch, "deps", String(i), "work"),
        ),
      ),
    ];
    if (home && home !== "/") {
      mounts.push(scratchBind("home", home, ["X-mount.mkdir"]));
      for (const file of homeFiles) {
        mounts.push(bindMount(file, inRoot(file), { readOnly: true, extra: ["nosuid", "nodev"] }));
      }
      for (const dir of toolFolders.filter((t) => t.startsWith(`${home}/`))) {
        mounts.push(
          bindMount(dir, inRoot(dir), {
            readOnly: true,
            extra: ["nosuid", "nodev", "nofail", "X-mount.mkdir"],
          }),
        );
      }
    }
    // The skeleton, bound onto itself, is the mount that becomes `/`; it comes first.
    const self = bindMount(root.dir, root.dir, { readOnly: true });
    if (disk) {
      const quota: Mount = {
        source: "armada",
        target: scratch,
        type: "tmpfs",
        options: [`size=${settings.disk}`, "mode=0755", "nosuid", "nodev"],
      };
      await writeFile(path.join(folder, "fstab.root"), mountTable([self, quota]));
      await writeFile(path.join(folder, "fstab"), mountTable(mounts));
    } else {
      await writeFile(path.join(folder, "fstab"), mountTable([self, ...mounts]));
    }
    const cgroup = await pidsCgroup(options.name, PIDS_LIMIT);
    let holder: Awaited<ReturnType<typeof startHolder>>;
    try {
      holder = await startHolder(tools, {
        root: root.dir,
        folder,
        repo: repo.root,
        // Setup's commands are let through one by one, as it asks (`spec.network`).
        network: network && !setup,
        scratch: disk ? scratch : undefined,
        head: startCommit,
        deps: shared.length,
      });
      if (cgroup) await writeFile(cgroup.procs, String(holder.pid));
    } catch (error) {
      await cgroup?.remove();
      await removeFolder(folder);
      throw error;
    }
    const upper = disk
      ? `/proc/${holder.pid}/root/.armada/scratch/upper`
      : path.join(scratch, "upper");
    const merged = `/proc/${holder.pid}/root${repo.root}`;
    let routes = 0;
    // Setup's layer is the environment: what agents do to it is not their result.
    const skip = new Set([".git", ...shared, ...(layer?.paths ?? [])]);
    const sandbox: Sandbox = {
      root: repo.root,
      location: folder,
      driver: "overlay",
      exec(command, execOptions: ExecOptions = {}) {
        const env = { ...execOptions.env };
        // The master's temporary folder is not there; the sandbox has a /tmp of its own.
        if (env.TMPDIR) env.TMPDIR = "/tmp";
        const argv = insideArgv(tools, holder.pid, command, {
          cwd: execOptions.cwd ? path.posix.join(repo.root, execOptions.cwd) : undefined,
          network: execOptions.network,
          maxProcesses: PIDS_LIMIT,
          cgroupProcs: cgroup?.procs,
        });
        return runProcess(argv, folder, { ...execOptions, env });
      },
      async captureTree() {
        const top = await readdir(upper);
        if (top.every((name) => skip.has(name))) return base.tree;
        await holder.killAll();
        return treeFromChanges(repo, base, await upperChanges(upper, merged, base.dir, skip));
      },
      openEgress(allow, onRefused) {
        if (network && !setup) return Promise.resolve(OPEN_ROUTE);
        // Through the holder's root: short enough for a socket path, and there with a quota.
        const name = `.armada-egress-${++routes}.sock`;
        return socketRoute(
          { allow, onRefused },
          { outside: `/proc/${holder.pid}/root/tmp/${name}`, inside: `/tmp/${name}` },
          process.execPath,
          (command, execOptions) => sandbox.exec(command, execOptions),
        );
      },
      async dispose() {
        await holder.stop();
        await cgroup?.remove();
        await removeFolder(folder);
      },
    };
    return {
      sandbox,
      tree: base.tree,
      upper: path.join(scratch, "upper"),
      async stop() {
        await holder.stop();
        await cgroup?.remove();
      },
    };
  };

  return {
    name: "overlay",
    async create(startCommit, options) {
      return (await open(startCommit, options, false)).sandbox;
    },
    buildLayer(startCommit, spec) {
      return cachedSetupLayer({
        gitDir: repo.gitDir,
        driver: "overlay",
        spec,
        async build(dir) {
          const name = `${spec.runId}-setup-${spec.key.slice(0, 12)}`;
          const opened = await open(startCommit, { name, runId: spec.runId }, true);
          try {
            await runSetup((command, options) => opened.sandbox.exec(command, options), spec);
            await opened.stop();
            const tracked = await trackedPaths(repo.root, opened.tree);
            return await layerFromUpper(opened.upper, tracked, path.join(dir, "layer"));
          } finally {
            await opened.sandbox.dispose();
          }
        },
      });
    },
    async removeLeftover(location) {
      // Only ever a sandbox folder of ours (runs/<run>/sandboxes/<name>), whatever was stored.
      const parts = path.relative(runsDir, location).split(path.sep);
      if (parts.length !== 3 || parts[1] !== "sandboxes" || parts.includes("..")) return;
      await removePidsCgroups([path.basename(location)]);
      await removeFolder(location);
    },
    async sweep(runId) {
      const dir = sandboxesDir(runId);
      const left = await readdir(dir).catch(() => [] as string[]);
      await removePidsCgroups(left);
      for (const name of left) await removeFolder(path.join(dir, name));
      roots.delete(runId);
      deps.delete(runId);
      await rm(dir, { recursive: true, force: true });
      await rm(path.join(runsDir, runId, "root"), { recursive: true, force: true });
      await bases.drop(runId);
      return left.length;
    },
  };
}
