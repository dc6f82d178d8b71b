import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Redis } from "ioredis";

/**
 * Where the fleet keeps git bundles between the master and the workers. Keys are content
 * addresses: a key always names the same bytes, so writing one twice is harmless.
 */
export interface CodeStore {
  put(key: string, data: Buffer): Promise<void>;
  get(key: string): Promise<Buffer | undefined>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** A short description for logs, without secrets. */
  where: string;
}

/** Blobs as Redis strings under `prefix`, each expiring `ttlSeconds` after it was last put. */
export function redisCodeStore(redis: Redis, prefix: string, ttlSeconds: number): CodeStore {
  return {
    where: `redis keys ${prefix}*`,
    async put(key, data) {
      await redis.set(prefix + key, data, "EX", ttlSeconds);
    },
    async get(key) {
      return (await redis.getBuffer(prefix + key)) ?? undefined;
    },
    async has(key) {
      return (await redis.exists(prefix + key)) === 1;
    },
    async delete(key) {
      await redis.del(prefix + key);
    },
  };
}

/**
 * Blobs as files in a directory the master and the workers share. A put writes a temporary
 * file and renames it into place, so a reader sees the whole blob or none of it.
 */
export function dirCodeStore(dir: string): CodeStore {
  const file = (key: string) => path.join(dir, fileName(key));
  return {
    where: `directory ${dir}`,
    async put(key, data) {
      await mkdir(dir, { recursive: true });
      const target = file(key);
      const temporary = `${target}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
      try {
        const handle = await open(temporary, "wx");
        try {
          await handle.writeFile(data);
          // Without it a crash soon after the rename can leave the name pointing at an empty file.
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temporary, target);
      } finally {
        await rm(temporary, { force: true });
      }
    },
    async get(key) {
      try {
        return await readFile(file(key));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async has(key) {
      try {
        await stat(file(key));
        return true;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
        throw error;
      }
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}

const MAX_NAME = 200;

/**
 * A file name for any key, one to one: everything but [A-Za-z0-9_-] is %-escaped (so no "/",
 * no "..", and no "." that could meet a temporary name); keys too long for a file name are
 * hashed behind a "~", which escaping never produces.
 */
function fileName(key: string): string {
  const escaped = Array.from(Buffer.from(key, "utf8"), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).padStart(2, "0")}`;
  }).join("");
  if (escaped.length > 0 && escaped.length <= MAX_NAME) return escaped;
  return `~${createHash("sha256").update(key).digest("hex")}`;
}

const INLINE = 0;
const IN_LARGE = 1;

/**
 * Small blobs in `small` and those over `thresholdBytes` in `large` (say, Redis and a shared
 * directory). Every key has an entry in `small`, whose first byte says whether the blob
 * follows inline or lives in `large`, so callers never need to know the tier.
 */
export function tieredCodeStore(tiers: {
  small: CodeStore;
  large?: CodeStore;
  thresholdBytes: number;
}): CodeStore {
  const { small, large, thresholdBytes } = tiers;
  return {
    where: large
      ? `${small.where}; blobs over ${thresholdBytes} bytes in ${large.where}`
      : small.where,
    async put(key, data) {
      if (large && data.length > thresholdBytes) {
        // The blob before the pointer: whoever finds the pointer finds the blob.
        await large.put(key, data);
        await small.put(key, Buffer.of(IN_LARGE));
      } else {
        await small.put(key, Buffer.concat([Buffer.of(INLINE), data]));
      }
    },
    async get(key) {
      const entry = await small.get(key);
      if (entry === undefined) return undefined;
      if (entry[0] === IN_LARGE) return large?.get(key);
      return entry.subarray(1);
    },
    async has(key) {
      const entry = await small.get(key);
      if (entry === undefined) return false;
      if (entry[0] === IN_LARGE) return (await large?.has(key)) ?? false;
      return true;
    },
    async delete(key) {
      await small.delete(key);
      await large?.delete(key);
    },
  };
}
