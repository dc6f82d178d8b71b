import { constants } from "node:fs";
import { access } from "node:fs/promises";
import path from "node:path";
import type { Container } from "dockerode";
import { WORKSPACE } from "./docker-image.js";

/** A container's codebase as its overlay2 layers hold it on this machine. */
export interface ContainerLayer {
  /** The codebase in the container's own (upper) layer: what it changed. */
  upper: string;
  /** The codebase as the container sees it. */
  merged: string;
}

/**
 * The container's overlay2 folders, when this process can read them (a local engine and
 * armada running as root). Reading the upper layer costs the size of the change, where the
 * engine's own diff may walk the whole file system (it does when the kernel's overlayfs
 * has redirect_dir, and for other storage drivers).
 */
export async function containerLayer(container: Container): Promise<ContainerLayer | undefined> {
  const info = await container.inspect();
  // The engine's answer names overlay2's folders, whatever its typings say.
  const data: Record<string, unknown> = info.GraphDriver?.Data ?? {};
  const { UpperDir: upper, MergedDir: merged } = data;
  if (info.GraphDriver?.Name !== "overlay2") return undefined;
  if (typeof upper !== "string" || typeof merged !== "string") return undefined;
  const layer = { upper: path.join(upper, WORKSPACE), merged: path.join(merged, WORKSPACE) };
  try {
    await access(upper, constants.R_OK | constants.X_OK);
    await access(layer.merged, constants.R_OK | constants.X_OK);
    return layer;
  } catch {
    return undefined;
  }
}
