import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import type Docker from "dockerode";
import { ArmadaError } from "../core/errors.js";
import type { BaseTree } from "./base-trees.js";
import type { ImageUser } from "./docker-engine.js";

/** Where the codebase is inside a container. */
export const WORKSPACE = "/workspace";

export function runLabels(gitDir: string, runId: string): Record<string, string> {
  return { "armada.repo": gitDir, "armada.run": runId };
}

interface BuildMessage {
  error?: string;
  errorDetail?: { message?: string };
}

/**
 * Builds `tag` from a context folder: `dockerfile` and `folder`, both in `context`, packed by
 * the system's tar, which packs a large folder many times faster than a JavaScript one.
 */
async function buildFromFolder(
  docker: Docker,
  options: {
    context: string;
    dockerfile: string;
    folder: string;
    tag: string;
    labels: Record<string, string>;
    /** What is built, for the error: "the run's image from node:20". */
    what: string;
  },
): Promise<void> {
  const tar = spawn(
    "tar",
    ["-c", "-f", "-", "-C", options.context, options.dockerfile, options.folder],
    {
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let tarError = "";
  tar.stderr.on("data", (chunk: Buffer) => {
    tarError += chunk.toString();
  });
  const packed = new Promise<void>((resolve, reject) => {
    tar.on("error", reject);
    tar.on("close", (code) =>
      code === 0
        ? resolve()
        : reject(
            new ArmadaError(
              "docker-build-failed",
              `tar could not pack ${options.folder}: ${tarError.trim()}`,
            ),
          ),
    );
  });
  // Awaited once the build is read; handled now in case tar fails first.
  packed.catch(() => undefined);
  const stream = await docker.buildImage(tar.stdout, {
    t: options.tag,
    dockerfile: options.dockerfile,
    labels: options.labels,
    rm: true,
    forcerm: true,
  });
  const messages = await new Promise<BuildMessage[]>((resolve, reject) =>
    docker.modem.followProgress(stream, (error: Error | null, output: BuildMessage[]) =>
      error ? reject(error) : resolve(output),
    ),
  );
  await packed;
  const failure = messages.find((m) => m.error || m.errorDetail);
  if (failure) {
    throw new ArmadaError(
      "docker-build-failed",
      `Could not build ${options.what}: ${failure.errorDetail?.message ?? failure.error}`,
    );
  }
}

export async function imageExists(docker: Docker, tag: string): Promise<boolean> {
  return docker
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false,
    );
}

/**
 * The run's image: the user's image (or a setup image made from it) with the start tree
 * copied in as one layer owned by the agent's user, built once per run and start tree, so
 * that starting a container does not depend on the size of the repository. The start tree
 * goes above the setup layer: its tracked files win.
 */
export async function buildRunImage(
  docker: Docker,
  options: {
    image: string;
    base: BaseTree;
    user: ImageUser;
    gitDir: string;
    runId: string;
    /** The setup layer's key, when `image` is its image. */
    layerKey?: string | undefined;
  },
): Promise<string> {
  const layer = options.layerKey ? `-${options.layerKey.slice(0, 12)}` : "";
  const tag = `armada-${options.runId}:${options.base.tree.slice(0, 16)}${layer}`;
  if (await imageExists(docker, tag)) return tag;
  const context = path.dirname(options.base.dir);
  const tree = path.basename(options.base.dir);
  const dockerfile = `Dockerfile.${tree}${layer}`;
  await writeFile(
    path.join(context, dockerfile),
    `FROM ${options.image}\nCOPY --chown=${options.user.user} ${tree} ${WORKSPACE}\n`,
  );
  await buildFromFolder(docker, {
    context,
    dockerfile,
    folder: tree,
    tag,
    labels: runLabels(options.gitDir, options.runId),
    what: `the run's image from ${options.image}`,
  });
  return tag;
}

/** The image of a setup layer: where `armada gc` finds it, by key. */
export function setupImageTag(key: string): string {
  return `armada-setup:${key.slice(0, 16)}`;
}
