import { chmod, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import type {
  ExecOptions,
  Sandbox,
  SandboxDriver,
  SandboxSettings,
  SetupLayer,
} from "../core/sandbox-port.js";
import { cachedSetupLayer, runSetup } from "../setup/index.js";
import { type BaseTree, baseTrees, SANDBOX_OBJECTS } from "./base-trees.js";
import { dependencyDirs } from "./dependency-dirs.js";
import { dockerChanges } from "./docker-changes.js";
import {
  DEFAULT_IMAGE,
  dockerClient,
  dockerPreflight,
  engineError,
  type ImageUser,
} from "./docker-engine.js";
import { type DockerExecTarget, dockerExec } from "./docker-exec.js";
import { buildRunImage, imageExists, runLabels, WORKSPACE } from "./docker-image.js";
import { containerLayer } from "./docker-layer.js";
import { commitSetupImage } from "./docker-setup-image.js";
import { OPEN_ROUTE, socketRoute } from "./egress-route.js";
import { layerFor, outsideLayer } from "./layer-paths.js";
import { PIDS_LIMIT } from "./sandbox-limits.js";
import { type ArchiveMember, tarArchive } from "./tar-archive.js";
import { trackedPaths } from "./tracked-paths.js";
import { treeFromChanges } from "./tree-from-changes.js";
import { upperChanges } from "./upper-changes.js";

/** Where a container without a network finds the master's egress proxy. */
const EGRESS_DIR = "/run/armada-egress";

/** The master's variables that describe the master's own machine, not the container's. */
const HOST_ONLY = ["PATH", "HOME", "USER", "LOGNAME", "SHELL", "TMPDIR"];

function networkMode(network: string): string {
  if (network === "none") return "none";
  return network === "on" ? "bridge" : network;
}

/**
 * The user's files under their home, as an archive of copies for the image user's home (read
 * only, in folders the image user owns, where a CLI writes its state beside its settings).
 */
async function homeArchive(files: string[], user: ImageUser): Promise<Buffer | undefined> {
  const home = homedir();
  const members: ArchiveMember[] = [];
  const dirs = new Set<string>();
  for (const file of files.filter((f) => f.startsWith(`${home}/`))) {
    const rel = path.relative(home, file).split(path.sep).join("/");
    const parts = rel.split("/");
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join("/"));
    const content = await readFile(file);
    members.push({ name: rel, mode: 0o444, uid: user.uid, gid: user.gid, content });
  }
  if (members.length === 0) return undefined;
  const folders = [...dirs]
    .sort()
    .map((name) => ({ name, mode: 0o755, uid: user.uid, gid: user.gid }));
  return tarArchive([...folders, ...members]);
}

function containerName(name: string): string {
  return `armada-${name.replace(/[^a-zA-Z0-9_.-]/g, "-")}`;
}

async function removeContainer(docker: Docker, id: string): Promise<void> {
  await docker
    .getContainer(id)
    .remove({ force: true, v: true })
    .catch((error: unknown) => {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    });
}

/**
 * Sandboxes in containers of the local Docker engine. The image is the user's (never pulled);
 * the start tree is built into a per-run image layer once, so a container starts at the same
 * cost on any repository. Containers have no network by default, no capabilities, a bound on
 * processes, optional CPU, memory and disk limits, and run agents as the image's non-root
 * user. Changes come from the engine's diff of the container. Containers and images carry
 * labels, so those of a master that died are found and removed by the next one.
 */
export function dockerDriver(
  repo: { root: string; gitDir: string },
  settings: SandboxSettings,
): SandboxDriver {
  let client: Promise<Docker> | undefined;
  const docker = (): Promise<Docker> => {
    client ??= dockerClient();
    return client;
  };
  const bases = baseTrees(repo);
  const image = settings.image ?? DEFAULT_IMAGE;
  let preflight: Promise<ImageUser> | undefined;
  const deps = new Map<string, Promise<string[]>>();
  const images = new Map<string, Promise<string>>();

  const userOf = (): Promise<ImageUser> => {
    if (!preflight) {
      preflight = docker().then((d) => dockerPreflight(d, settings));
      preflight.catch(() => {
        preflight = undefined;
      });
    }
    return preflight;
  };

  const depsOf = (runId: string): Promise<string[]> => {
    let found = deps.get(runId);
    if (!found) {
      found = dependencyDirs(repo.root, settings.deps);
      deps.set(runId, found);
    }
    return found;
  };

  const start = async (
    base: BaseTree,
    user: ImageUser,
    runId: string,
    name: string,
    shared: string[],
    programDirs: string[],
    egressDir: string | undefined,
    use: { layer: SetupLayer | undefined; network: string },
  ): Promise<Docker.Container> => {
    // Sandboxes of one start tree starting together share one build.
    const layer = use.layer;
    const key = `${runId}/${base.tree}/${layer?.key ?? ""}`;
    let build = images.get(key);
    if (!build) {
      build = docker().then((d) =>
        buildRunImage(d, {
          image: layer?.location ?? image,
          base,
          user,
          gitDir: repo.gitDir,
          runId,
          layerKey: layer?.key,
        }),
      );
      images.set(key, build);
      build.catch(() => images.delete(key));
    }
    const tag = await build;
    const scratchSize = settings.disk !== undefined ? `,size=${settings.disk}` : "";
    const options: Docker.ContainerCreateOptions = {
      name: containerName(name),
      Image: tag,
      // The container's init runs as root, so that stopping the agent's processes (all of the
      // agent's user) leaves it running; it has no capabilities either.
      User: "0:0",
      Entrypoint: ["/bin/sh", "-c", "trap 'exit 0' TERM; while :; do sleep 3600 & wait $!; done"],
      Cmd: [],
      WorkingDir: WORKSPACE,
      Labels: { ...runLabels(repo.gitDir, runId), "armada.sandbox": name },
      HostConfig: {
        NetworkMode: networkMode(use.network),
        CapDrop: ["ALL"],
        SecurityOpt: ["no-new-privileges"],
        Init: true,
        PidsLimit: PIDS_LIMIT,
        ...(settings.cpus !== undefined ? { NanoCpus: Math.round(settings.cpus * 1e9) } : {}),
        ...(settings.memory !== undefined
          ? { Memory: settings.memory, MemorySwap: settings.memory }
          : {}),
        ...(settings.disk !== undefined ? { StorageOpt: { size: String(settings.disk) } } : {}),
        Tmpfs: {
          "/tmp": `rw,nosuid,nodev,mode=1777${scratchSize}`,
          [user.home]: `rw,nosuid,nodev,uid=${user.uid},gid=${user.gid},mode=0700${scratchSize}`,
        },
        Binds: [
          `${path.join(repo.gitDir, "objects")}:${SANDBOX_OBJECTS}:ro`,
          ...shared.map((dep) => `${path.join(repo.root, dep)}:${WORKSPACE}/${dep}:ro`),
          ...programDirs.map((dir) => `${dir}:${dir}:ro`),
          ...(egressDir ? [`${egressDir}:${EGRESS_DIR}`] : []),
        ],
      },
    };
    let container: Docker.Container;
    const engine = await docker();
    try {
      container = await engine.createContainer(options);
    } catch (error) {
      // A container of this name is a leftover of a master that died.
      if ((error as { statusCode?: number }).statusCode !== 409) throw engineError(error);
      await removeContainer(engine, containerName(name));
      container = await engine.createContainer(options);
    }
    await container.start();
    return container;
  };

  /** The environment of a command in a container: the master's own paths left out. */
  const envOf = (execOptions: ExecOptions, user: ImageUser): string[] => {
    const env = Object.entries(execOptions.env ?? {})
      .filter(([key]) => !HOST_ONLY.includes(key))
      .map(([key, value]) => `${key}=${value}`);
    env.push(`HOME=${user.home}`);
    return env;
  };

  const targetOf = (container: Docker.Container, user: ImageUser): DockerExecTarget => ({
    container,
    user: user.user,
    async signalAll(signal) {
      const killer = await container.exec({
        Cmd: ["/bin/sh", "-c", `kill -${signal} -1 2>/dev/null; exit 0`],
        User: user.user,
      });
      const stream = await killer.start({});
      await new Promise((resolve) => {
        stream.on("end", resolve);
        stream.on("close", resolve);
        stream.resume();
      });
    },
  });

  return {
    name: "docker",
    async create(startCommit, options) {
      const user = await userOf();
      const layer = layerFor("docker", settings.layer);
      const base = await bases.get(options.runId, startCommit);
      const shared = outsideLayer(await depsOf(options.runId), layer?.paths ?? []);
      // Without a network, the way to a proxy of the master's is a socket in a bound folder.
      const egressDir =
        settings.network === "none"
          ? await mkdtemp(path.join(tmpdir(), "armada-egress-"))
          : undefined;
      if (egressDir) await chmod(egressDir, 0o711);
      let routes = 0;
      const container = await start(
        base,
        user,
        options.runId,
        options.name,
        shared,
        options.programDirs ?? [],
        egressDir,
        { layer, network: settings.network },
      ).catch(async (error: unknown) => {
        if (egressDir) await rm(egressDir, { recursive: true, force: true });
        throw error;
      });
      const target = targetOf(container, user);
      const archive = await homeArchive(options.homeFiles ?? [], user);
      if (archive) {
        // Extracted by the image user inside: the engine's own copy would land under the
        // home's tmpfs, where nothing sees it.
        let said = "";
        const result = await dockerExec(
          target,
          ["tar", "-x", "-f", "-", "-C", user.home],
          WORKSPACE,
          [`HOME=${user.home}`],
          { input: archive, onOutput: (chunk) => (said += chunk.toString()) },
        );
        if (result.exitCode !== 0) {
          await removeContainer(await docker(), container.id);
          if (egressDir) await rm(egressDir, { recursive: true, force: true });
          throw new Error(
            `could not copy the agent's settings into the container's home (${user.home}): tar exited ${result.exitCode}: ${said.trim()}`,
          );
        }
      }
      const sandbox: Sandbox = {
        root: WORKSPACE,
        location: container.id,
        driver: "docker",
        async exec(command, execOptions = {}) {
          if (execOptions.network && settings.network === "none") {
            // A container's network is set when it starts: one command cannot be let through.
            const reason = `armada: ${command[0]} needs the network, and this docker sandbox has none: run with --network.\n`;
            execOptions.onOutput?.(Buffer.from(reason));
            return { exitCode: 126, signal: null, timedOut: false, aborted: false, durationMs: 0 };
          }
          const workdir = execOptions.cwd ? path.posix.join(WORKSPACE, execOptions.cwd) : WORKSPACE;
          return dockerExec(target, command, workdir, envOf(execOptions, user), execOptions);
        },
        async captureTree() {
          // Setup's layer is the environment: what agents do to it is not their result.
          const skipped = new Set([".git", ...shared, ...(layer?.paths ?? [])]);
          const own = await containerLayer(container);
          if (own) {
            const top = await readdir(own.upper).catch(() => [] as string[]);
            if (top.every((name) => skipped.has(name))) return base.tree;
            await target.signalAll("KILL");
            const changes = await upperChanges(own.upper, own.merged, base.dir, skipped);
            return treeFromChanges(repo, base, changes);
          }
          const diff: { Path: string }[] | null = await container.changes();
          const skip = [...skipped].map((s) => `${WORKSPACE}/${s}`);
          const touched = (diff ?? []).some(
            (c) =>
              c.Path.startsWith(`${WORKSPACE}/`) &&
              !skip.some((s) => c.Path === s || c.Path.startsWith(`${s}/`)),
          );
          if (!touched) return base.tree;
          // Nothing may change while the changes are read.
          await target.signalAll("KILL");
          const scratch = await mkdtemp(path.join(tmpdir(), "armada-capture-"));
          try {
            const changes = await dockerChanges(container, base.dir, [...skipped], scratch);
            return await treeFromChanges(repo, base, changes);
          } finally {
            await rm(scratch, { recursive: true, force: true });
          }
        },
        openEgress(allow, onRefused) {
          if (!egressDir) return Promise.resolve(OPEN_ROUTE);
          const name = `${++routes}.sock`;
          return socketRoute(
            { allow, onRefused },
            { outside: path.join(egressDir, name), inside: path.posix.join(EGRESS_DIR, name) },
            "node",
            (command, execOptions) => sandbox.exec(command, execOptions),
          );
        },
        async dispose() {
          await removeContainer(await docker(), container.id);
          if (egressDir) await rm(egressDir, { recursive: true, force: true });
        },
      };
      return sandbox;
    },
    buildLayer(startCommit, spec) {
      return cachedSetupLayer({
        gitDir: repo.gitDir,
        driver: "docker",
        spec,
        present: async (meta) => imageExists(await docker(), meta.location),
        async build() {
          const user = await userOf();
          const engine = await docker();
          const base = await bases.get(spec.runId, startCommit);
          // Setup reaches the network the run names (Docker's default when it names none).
          const network = spec.network
            ? settings.network === "none"
              ? "on"
              : settings.network
            : "none";
          const name = `${spec.runId}-setup-${spec.key.slice(0, 12)}`;
          const container = await start(base, user, spec.runId, name, [], [], undefined, {
            layer: undefined,
            network,
          });
          try {
            const target = targetOf(container, user);
            await runSetup(
              (command, options) =>
                dockerExec(target, command, WORKSPACE, envOf(options, user), options),
              spec,
            );
            return await commitSetupImage(engine, container, {
              image,
              user,
              tracked: await trackedPaths(repo.root, base.tree),
              key: spec.key,
              gitDir: repo.gitDir,
            });
          } finally {
            await removeContainer(engine, container.id);
          }
        },
      });
    },
    removeLeftover: async (location) =>
      removeContainer(await docker(), location).catch((error: unknown) => {
        if ((error as { statusCode?: number }).statusCode !== undefined) throw error;
      }),
    async sweep(runId) {
      const labels = Object.entries(runLabels(repo.gitDir, runId)).map(([k, v]) => `${k}=${v}`);
      let removed = 0;
      try {
        const engine = await docker();
        const containers = await engine.listContainers({ all: true, filters: { label: labels } });
        for (const info of containers) await removeContainer(engine, info.Id);
        removed = containers.length;
        const images = await engine.listImages({ filters: { label: labels } });
        for (const info of images) await engine.getImage(info.Id).remove({ force: true });
      } catch (error) {
        // No engine to ask: its containers, if any, are swept when it answers again.
        if ((error as { statusCode?: number }).statusCode !== undefined) throw error;
      }
      deps.delete(runId);
      for (const key of images.keys()) if (key.startsWith(`${runId}/`)) images.delete(key);
      await bases.drop(runId);
      return removed;
    },
  };
}

/** Checks before a run that docker sandboxes can start with these settings. */
export async function checkDocker(settings: SandboxSettings): Promise<void> {
  await dockerPreflight(await dockerClient(), settings);
}
