import { Queue } from "bullmq";
import { connectRedis } from "./connect-redis.js";
import { QUEUE_PREFIX, queueFor } from "./queue-names.js";
import type { RedisTarget } from "./redis-target.js";

/**
 * Checks the fleet's Redis answers (a wrong address or password fails here, before planning)
 * and says which workers serve the run's queue right now.
 */
export async function describeFleet(target: RedisTarget, labels: string[]): Promise<string> {
  const redis = await connectRedis(target);
  redis.on("error", () => undefined);
  const queue = new Queue(queueFor(labels), { connection: redis, prefix: QUEUE_PREFIX });
  try {
    // BullMQ names a worker's connections `<prefix>:<queue>:w:<worker name>`.
    const names = [
      ...new Set(
        (await queue.getWorkers()).map((w) => String(w.rawname ?? "").split(":w:")[1] ?? "?"),
      ),
    ].sort();
    const needs = labels.length > 0 ? ` with labels ${labels.join(",")}` : "";
    if (names.length === 0) {
      return `Fleet: ${target.display} — no worker${needs} is connected yet; tasks wait in the queue until one starts (armada worker --redis ${target.display}${labels.length > 0 ? ` --labels ${labels.join(",")}` : ""}).`;
    }
    return `Fleet: ${target.display} — ${names.length} worker(s)${needs}: ${names.slice(0, 8).join(", ")}${names.length > 8 ? ", ..." : ""}`;
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
