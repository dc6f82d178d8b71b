import { constants } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import type { Container } from "dockerode";
import type { ImageUser } from "./docker-engine.js";
import { setupImageTag, WORKSPACE } from "./docker-image.js";
import { containerLayer } from "./docker-layer.js";
import { type LayerParts, layerFromUpper } from "./layer-from-upper.js";
import { type ArchiveMember, tarArchive } from "./tar-archive.js";
import { placeOf, type TrackedPaths } from "./tracked-paths.js";

const DELETED = 2;

/**
 * What setup made in a container, from the engine's own diff: the top-most paths the start
 * tree does not track, and the tracked ones it changed or deleted.
 */
export async function diffRoots(container: Container, tracked: TrackedPaths): Promise<LayerParts> {
  const diff: { Path: string; Kind: number }[] | null = await container.changes();
  const roots = new Set<string>();
  const dropped = new Set<string>();
  for (const change of diff ?? []) {
    if (!change.Path.startsWith(`${WORKSPACE}/`)) continue;
    const file = change.Path.slice(WORKSPACE.length + 1);
    if (file === ".git" || file.startsWith(".git/")) continue;
    const place = placeOf(file, tracked);
    if (place.kind === "tracked") dropped.add(place.path);
    else if (place.kind === "new" && change.Kind !== DELETED) roots.add(place.root);
  }
  return { paths: [...roots].sort(), droppedTracked: [...dropped].sort() };
}

/** A created container's own (upper) folder, where this process may write it (root, overlay2). */
async function writableUpper(container: Container): Promise<string | undefined> {
  const info = await container.inspect();
  const upper: unknown = (info.GraphDriver?.Data as Record<string, unknown> | undefined)?.UpperDir;
  if (info.GraphDriver?.Name !== "overlay2" || typeof upper !== "string") return undefined;
  return access(upper, constants.W_OK | constants.X_OK).then(
    () => upper,
    () => undefined,
  );
}

/** The codebase's folder and the folders above each path, owned by the agent's user. */
function parentsArchive(paths: string[], user: ImageUser): Buffer {
  const dirs = new Set<string>([WORKSPACE.slice(1)]);
  for (const file of paths) {
    const parts = file.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      dirs.add(`${WORKSPACE.slice(1)}/${parts.slice(0, i).join("/")}`);
    }
  }
  const members: ArchiveMember[] = [...dirs]
    .sort()
    .map((name) => ({ name, mode: 0o755, uid: user.uid, gid: user.gid }));
  return tarArchive(members);
}

/**
 * The image of a setup layer: the user's image with what setup made in `from` (a stopped
 * setup container of the run's image) in the codebase's folder, committed as one layer by
 * the engine and tagged by key. Where this process can read and write the engine's overlay2
 * folders, what setup made is renamed from one container's layer into a fresh container's,
 * never copied out; otherwise it streams through the engine's archive API. Either way a
 * legacy `docker build`, which copies a context three times, is avoided.
 */
export async function commitSetupImage(
  docker: Docker,
  from: Container,
  options: {
    image: string;
    user: ImageUser;
    tracked: TrackedPaths;
    key: string;
    gitDir: string;
    /** Read the setup container's overlay2 folder when it can (false: through the engine only). */
    readLayers?: boolean;
  },
): Promise<{ image: string } & LayerParts> {
  const own = options.readLayers === false ? undefined : await containerLayer(from);
  await from.kill().catch(() => undefined);
  const target = await docker.createContainer({ Image: options.image });
  try {
    const upper = own ? await writableUpper(target) : undefined;
    let parts: LayerParts;
    if (own && upper) {
      parts = await layerFromUpper(own.upper, options.tracked, path.join(upper, WORKSPACE));
    } else {
      parts = await diffRoots(from, options.tracked);
      await target.putArchive(parentsArchive(parts.paths, options.user), { path: "/" });
      for (const file of parts.paths) {
        const archive = await from.getArchive({ path: `${WORKSPACE}/${file}` });
        await target.putArchive(archive, {
          path: path.posix.join(WORKSPACE, path.posix.dirname(file)),
          copyUIDGID: "1",
        });
      }
    }
    const tag = setupImageTag(options.key);
    const [repo, version] = tag.split(":");
    await target.commit({
      repo,
      tag: version,
      pause: false,
      changes: [
        `LABEL armada.setup=${options.key}`,
        `LABEL armada.repo=${JSON.stringify(options.gitDir)}`,
      ],
    });
    return { image: tag, ...parts };
  } finally {
    await target.remove({ force: true, v: true }).catch(() => undefined);
  }
}
