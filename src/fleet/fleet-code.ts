import type { Redis } from "ioredis";
import { type CodeStore, dirCodeStore, redisCodeStore, tieredCodeStore } from "./code-store.js";
import { CODE_PREFIX } from "./queue-names.js";

/** Bundles outlive a run by this much: a master resuming a week later still finds its base. */
const BUNDLE_TTL_S = 7 * 24 * 3600;
/** Bundles above this go to the shared directory, when there is one. */
const LARGE_BUNDLE_BYTES = 4 * 1024 * 1024;

/**
 * Where master and workers leave bundles: Redis, and for large ones the shared directory
 * (`--bundle-dir`, the same folder mounted on every machine) when one is given.
 */
export function fleetCodeStore(redis: Redis, bundleDir: string | undefined): CodeStore {
  return tieredCodeStore({
    small: redisCodeStore(redis, CODE_PREFIX, BUNDLE_TTL_S),
    large: bundleDir ? dirCodeStore(bundleDir) : undefined,
    thresholdBytes: LARGE_BUNDLE_BYTES,
  });
}
