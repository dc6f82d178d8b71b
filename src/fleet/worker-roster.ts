import type { Redis } from "ioredis";
import { connectRedis } from "./connect-redis.js";
import { QUEUE_PREFIX } from "./queue-names.js";
import type { RedisTarget } from "./redis-target.js";

/** What a worker tells masters of itself, for refusing a run no worker would take. */
export interface WorkerEntry {
  allowAgents: string[];
}

function rosterKey(name: string): string {
  return `${QUEUE_PREFIX}:worker:${name}`;
}

/** Kept while the worker lives: renewed with its health line, gone within `ttlSeconds` of its end. */
export async function announceWorker(
  redis: Redis,
  name: string,
  entry: WorkerEntry,
  ttlSeconds: number,
): Promise<void> {
  await redis.set(rosterKey(name), JSON.stringify(entry), "EX", ttlSeconds);
}

export async function withdrawWorker(redis: Redis, name: string): Promise<void> {
  await redis.del(rosterKey(name));
}

/** The entries of these workers; a worker of an older armada has none. */
export async function workerEntries(
  target: RedisTarget,
  names: string[],
): Promise<Map<string, WorkerEntry>> {
  const entries = new Map<string, WorkerEntry>();
  if (names.length === 0) return entries;
  const redis = await connectRedis(target);
  redis.on("error", () => undefined);
  try {
    const values = await redis.mget(names.map(rosterKey));
    names.forEach((name, i) => {
      const value = values[i];
      if (!value) return;
      const parsed = JSON.parse(value) as Partial<WorkerEntry>;
      if (Array.isArray(parsed.allowAgents))
        entries.set(name, { allowAgents: parsed.allowAgents.map(String) });
    });
  } finally {
    redis.disconnect();
  }
  return entries;
}
