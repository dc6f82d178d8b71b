import { Queue } from "bullmq";
import { connectRedis } from "./connect-redis.js";
import { CANCEL_CHANNEL, cancelKey, QUEUE_PREFIX, queueFor } from "./queue-names.js";
import type { RedisTarget } from "./redis-target.js";

const KEEP_CANCEL_S = 7 * 24 * 3600;

/**
 * Stops attempts on the fleet without their master (it died): queued ones leave the queue,
 * workers stop running ones, and a worker taking one later skips it.
 */
export async function cancelOnFleet(
  target: RedisTarget,
  labels: string[],
  jobIds: string[],
): Promise<void> {
  const redis = await connectRedis(target);
  redis.on("error", () => undefined);
  const queue = new Queue(queueFor(labels), { connection: redis, prefix: QUEUE_PREFIX });
  try {
    for (const jobId of jobIds) {
      await redis.set(cancelKey(jobId), "1", "EX", KEEP_CANCEL_S);
      await redis.publish(CANCEL_CHANNEL, jobId);
      const job = await queue.getJob(jobId);
      if (job && (await job.getState()) !== "active") await job.remove().catch(() => undefined);
    }
  } finally {
    await queue.close();
    redis.disconnect();
  }
}
