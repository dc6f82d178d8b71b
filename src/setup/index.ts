export { buildSetupLayer } from "./build-setup-layer.js";
export { localEnvironment } from "./local-environment.js";
export { proposeSetup, setupInputs } from "./propose-setup.js";
export { runSetup } from "./run-setup.js";
export { type BuiltLayer, cachedSetupLayer, type SetupMeta, setupCacheDir } from "./setup-cache.js";
export { SetupFailedError, type SetupFailure } from "./setup-failed-error.js";
export { type SetupKeyParts, setupKey } from "./setup-key.js";
export { listSetupLayers, removeSetupLayers, type SetupLayerEntry } from "./setup-layers.js";
