import type { ArmadaConfig } from "../config/index.js";
import { UsageError } from "../core/index.js";
import { parseRedisTarget, type RedisTarget } from "../fleet/redis-target.js";

/**
 * The fleet a new run dispatches through: --cloud, else ARMADA_CLOUD, else `cloud:` in config.
 * `url` is what a detached master is handed (in its environment, never its arguments).
 */
export function newRunCloud(
  flag: string | undefined,
  config: ArmadaConfig,
  env: NodeJS.ProcessEnv = process.env,
): { target: RedisTarget; url: string } | undefined {
  const url = flag ?? env.ARMADA_CLOUD ?? config.cloud;
  return url ? { target: parseRedisTarget(url, env), url } : undefined;
}

/**
 * The fleet of a run that used one, again (resume, a detached master). Its password was never
 * stored, so a URL that had one must be given again: --cloud, ARMADA_CLOUD or
 * ARMADA_REDIS_PASSWORD.
 */
export function runCloud(
  runId: string,
  stored: string,
  flag: string | undefined,
  config: ArmadaConfig,
  env: NodeJS.ProcessEnv = process.env,
): RedisTarget {
  const given = newRunCloud(flag, config, env)?.target;
  if (given) {
    if (given.display !== stored) {
      throw new UsageError(
        `Run ${runId} dispatches through the fleet at ${stored}, not ${given.display}: its jobs and results are in that Redis. Pass --cloud with that URL.`,
      );
    }
    return given;
  }
  if (stored.includes(":***@")) {
    throw new UsageError(
      `Run ${runId} dispatches through the fleet at ${stored}, whose password armada does not keep. Pass the URL again with --cloud <url> (or set ARMADA_CLOUD, or the password in ARMADA_REDIS_PASSWORD).`,
    );
  }
  return parseRedisTarget(stored, env);
}
