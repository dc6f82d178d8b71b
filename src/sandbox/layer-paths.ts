import { stat } from "node:fs/promises";
import { ArmadaError } from "../core/errors.js";
import type { SetupLayer } from "../core/sandbox-port.js";

/** The settings' layer, which must be one this driver built. */
export function layerFor(driver: string, layer: SetupLayer | undefined): SetupLayer | undefined {
  if (layer && layer.driver !== driver) {
    throw new ArmadaError(
      "setup-layer-mismatch",
      `The setup layer ${layer.key.slice(0, 12)} was built for ${layer.driver} sandboxes and cannot be shown in ${driver} sandboxes: build it with the ${driver} driver.`,
    );
  }
  return layer;
}

function overlaps(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`);
}

/** The user's dependency folders that the layer does not provide: where both have one, the layer's wins. */
export function outsideLayer(deps: string[], layerPaths: string[]): string[] {
  return deps.filter((dep) => !layerPaths.some((made) => overlaps(dep, made)));
}

/**
 * Fails clearly when a folder layer is not on this machine (settings sent to a fleet worker
 * name the master's; a worker builds its own with the same spec) or was removed by `gc`.
 */
export async function layerPresent(layer: SetupLayer): Promise<void> {
  const info = await stat(layer.location).catch(() => undefined);
  if (info?.isDirectory()) return;
  throw new ArmadaError(
    "setup-layer-missing",
    `The setup layer ${layer.key.slice(0, 12)} is not at ${layer.location} on this machine (removed by \`armada gc\`, or built on another one). Build it here with the same setup (buildLayer), and start the sandboxes with that layer.`,
  );
}
