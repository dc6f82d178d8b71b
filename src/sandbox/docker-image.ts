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
 * The run's image: the user's image with the start tree copied in as one layer owned by the
 * agent's user, built once per run and start tree, so that starting a container does not
 * depend on the size of the repository.
 */
export async function buildRunImage(
  docker: Docker,
  options: { image: string; base: BaseTree; user: ImageUser; gitDir: string; runId: string },
): Promise<string> {
  const tag = `armada-${options.runId}:${options.base.tree.slice(0, 16)}`;
  const exists = await docker
    .getImage(tag)
    .inspect()
    .then(
      () => true,
      () => false,
    );
  if (exists) return tag;
  const context = path.dirname(options.base.dir);
  const tree = path.basename(options.base.dir);
  const dockerfile = `Dockerfile.${tree}`;
  await writeFile(
    path.join(context, dockerfile),
    `FROM ${options.image}\nCOPY --chown=${options.user.user} ${tree} ${WORKSPACE}\n`,
  );
  // The system's tar packs a large checkout many times faster than a JavaScript one.
  const tar = spawn("tar", ["-c", "-f", "-", "-C", context, dockerfile, tree], {
    stdio: ["ignore", "pipe", "pipe"],
  });
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
              `tar could not pack the base: ${tarError.trim()}`,
            ),
          ),
    );
  });
  // Awaited once the build is read; handled now in case tar fails first.
  packed.catch(() => undefined);
  const stream = await docker.buildImage(tar.stdout, {
    t: tag,
    dockerfile,
    labels: runLabels(options.gitDir, options.runId),
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
      `Could not build the run's image from ${options.image}: ${failure.errorDetail?.message ?? failure.error}`,
    );
  }
  return tag;
}
