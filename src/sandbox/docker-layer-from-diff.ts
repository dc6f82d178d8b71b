import { spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Container } from "dockerode";
import { WORKSPACE } from "./docker-image.js";
import type { LayerParts } from "./layer-from-upper.js";
import { placeOf, type TrackedPaths } from "./tracked-paths.js";

const DELETED = 2;

/** Unpacks an archive stream of the engine's into `dir` with the system's tar. */
function untar(stream: NodeJS.ReadableStream, dir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const tar = spawn("tar", ["-x", "-f", "-", "-C", dir], { stdio: ["pipe", "ignore", "pipe"] });
    let said = "";
    tar.stderr.on("data", (chunk: Buffer) => {
      said += chunk.toString();
    });
    tar.on("error", reject);
    tar.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`tar -x into ${dir} failed: ${said.trim()}`)),
    );
    stream.on("error", reject);
    stream.pipe(tar.stdin);
  });
}

/**
 * What setup made in a container, when its overlay2 folders are out of reach: the engine's
 * diff says which paths changed; each top-most path the start tree does not track is fetched
 * whole through the archive API into `dest`, and tracked ones are named as dropped.
 */
export async function layerFromDiff(
  container: Container,
  tracked: TrackedPaths,
  dest: string,
): Promise<LayerParts> {
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
  const paths = [...roots].sort();
  for (const root of paths) {
    const dir = path.join(dest, path.posix.dirname(root));
    await mkdir(dir, { recursive: true });
    await untar(await container.getArchive({ path: `${WORKSPACE}/${root}` }), dir);
  }
  return { paths, droppedTracked: [...dropped].sort() };
}
