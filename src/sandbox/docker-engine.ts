import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type Docker from "dockerode";
import type { SandboxSettings } from "../core/sandbox-port.js";
import { SandboxUnavailableError } from "./sandbox-unavailable-error.js";
import { readTarEntry } from "./tar-entry.js";

export const DEFAULT_IMAGE = "node:20-bookworm-slim";

const INSTEAD = "Or use --sandbox overlay or --sandbox worktree.";

/** Whom the agent runs as in a container: the image's own non-root user where it has one. */
export interface ImageUser {
  /** `uid:gid`. */
  user: string;
  uid: number;
  gid: number;
  home: string;
}

function engineAddress(): string {
  return process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock";
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number }).statusCode;
}

/**
 * A client of the engine DOCKER_HOST names (the local socket otherwise). Loaded on first use:
 * the Docker client is a large module, and every process the master forks pays for its size.
 */
export async function dockerClient(): Promise<Docker> {
  const { default: Dockerode } = await import("dockerode");
  return new Dockerode();
}

/** Turns a failure to reach the engine into what the user should do about it. */
export function engineError(error: unknown): Error {
  if (statusOf(error) !== undefined) return error as Error;
  const message = error instanceof Error ? error.message : String(error);
  return new SandboxUnavailableError(
    "docker",
    `no Docker engine answers at ${engineAddress()} (${message})`,
    `Start Docker (e.g. \`sudo systemctl start docker\`, or \`dockerd &\`), give yourself access to its socket, or point DOCKER_HOST at one. ${INSTEAD}`,
  );
}

/** The image's `uid:gid`, when there is a regular user in its /etc/passwd (or its USER). */
async function readImageUser(
  docker: Docker,
  image: string,
  configured: string,
): Promise<ImageUser> {
  const probe = await docker.createContainer({ Image: image, Entrypoint: ["/"], Cmd: [] });
  const dir = await mkdtemp(path.join(tmpdir(), "armada-passwd-"));
  try {
    const entry = await readTarEntry(
      await probe.getArchive({ path: "/etc/passwd" }),
      path.join(dir, "passwd"),
    ).catch(() => undefined);
    const lines =
      entry?.kind === "file" ? (await readFile(path.join(dir, "passwd"), "utf8")).split("\n") : [];
    const users = lines
      .map((line) => line.split(":"))
      .filter((f) => f.length >= 7)
      .map(([name = "", , uid = "", gid = "", , home = ""]) => ({
        name,
        uid: Number(uid),
        gid: Number(gid),
        home,
      }));
    const wanted = configured.split(":")[0] ?? "";
    const chosen =
      wanted && wanted !== "root" && wanted !== "0"
        ? users.find((u) => u.name === wanted || String(u.uid) === wanted)
        : users.find((u) => u.uid >= 1000 && u.uid < 60000);
    // The home becomes a fresh tmpfs: never over / or a system folder.
    const home = (dir: string | undefined): string =>
      dir?.startsWith("/home/") ? dir : "/home/armada";
    if (chosen)
      return {
        user: `${chosen.uid}:${chosen.gid}`,
        uid: chosen.uid,
        gid: chosen.gid,
        home: home(chosen.home),
      };
    // No regular user: an anonymous one, never root.
    return { user: "65534:65534", uid: 65534, gid: 65534, home: home(undefined) };
  } finally {
    await probe.remove({ force: true }).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Checks, before a run starts, that the engine answers, that the image is on this machine
 * (armada never pulls: registries may be out of reach, and what runs is the user's choice),
 * that the network exists and that --disk can be enforced. Returns whom agents run as.
 */
export async function dockerPreflight(
  docker: Docker,
  settings: SandboxSettings,
): Promise<ImageUser> {
  const image = settings.image ?? DEFAULT_IMAGE;
  try {
    await docker.ping();
  } catch (error) {
    throw engineError(error);
  }
  let configured = "";
  try {
    configured = (await docker.getImage(image).inspect()).Config?.User ?? "";
  } catch (error) {
    if (statusOf(error) !== 404) throw engineError(error);
    throw new SandboxUnavailableError(
      "docker",
      `the image ${image} is not on this machine, and armada does not pull images`,
      `Get it with \`docker pull ${image}\` (or build one: \`docker build -t <name> .\`), or pass --image with an image you have (\`docker image ls\`). ${INSTEAD}`,
    );
  }
  if (!["none", "on"].includes(settings.network)) {
    await docker
      .getNetwork(settings.network)
      .inspect()
      .catch(() => {
        throw new SandboxUnavailableError(
          "docker",
          `there is no Docker network "${settings.network}"`,
          "Create it (`docker network create <name>`), or pass --network alone for the default network.",
        );
      });
  }
  if (settings.disk !== undefined) {
    const probe = await docker
      .createContainer({
        Image: image,
        HostConfig: { StorageOpt: { size: String(settings.disk) } },
      })
      .catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        throw new SandboxUnavailableError(
          "docker",
          `--disk needs a storage driver that enforces sizes (overlay2 on xfs with pquota, btrfs, zfs), and the engine says: ${reason}`,
          "Drop --disk, or use --sandbox overlay --disk.",
        );
      });
    await probe.remove({ force: true });
  }
  return readImageUser(docker, image, configured);
}
