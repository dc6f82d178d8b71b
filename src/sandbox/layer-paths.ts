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
