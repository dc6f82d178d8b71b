import { Queue } from "bullmq";
import { connectRedis } from "./connect-redis.js";
import { QUEUE_PREFIX, queueFor } from "./queue-names.js";
import type { RedisTarget } from "./redis-target.js";

/**
 * The names of the workers serving the queue of attempts needing these labels, right now.
 * Connecting first, a wrong address or password fails here, before a run plans anything.
 */
export async function fleetWorkers(
  target: RedisTarget,
  labels: string[],
  options: { timeoutMs?: number } = {},
): Promise<string[]> {
  const redis = await connectRedis(target, options);
  redis.on("error", () => undefined);
  const queue = new Queue(queueFor(labels), { connection: redis, prefix: QUEUE_PREFIX });
  try {
    // BullMQ names a worker's connections `<prefix>:<queue>:w:<worker name>`.
    const names = (await queue.getWorkers()).map(
      (w) => String(w.rawname ?? "").split(":w:")[1] ?? "?",
    );
    return [...new Set(names)].sort();
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
