import { randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { describeWhen } from "../../test/support/sandbox-availability.js";
import { type RedisServer, redisMissing, startRedisServer } from "../test-support/redis-server.js";
import { type CodeStore, dirCodeStore, redisCodeStore, tieredCodeStore } from "./code-store.js";
import { parseRedisTarget } from "./redis-target.js";

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "armada-code-store-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** What every CodeStore must do, whatever keeps the bytes. */
function behavesAsCodeStore(make: () => CodeStore): void {
  it("gives back what was put, byte for byte, under keys with / and :", async () => {
    const store = make();
    const blob = randomBytes(5000);
    await store.put("runs/r1:base.bundle", blob);
    expect(await store.has("runs/r1:base.bundle")).toBe(true);
    expect((await store.get("runs/r1:base.bundle"))?.equals(blob)).toBe(true);
  });

  it("keeps one value when the same key is put twice", async () => {
    const store = make();
    const blob = Buffer.from("bundle bytes");
    await store.put("k", blob);
    await store.put("k", blob);
    expect((await store.get("k"))?.equals(blob)).toBe(true);
  });

  it("has nothing under a key never put, or deleted", async () => {
    const store = make();
    expect(await store.get("never")).toBeUndefined();
    expect(await store.has("never")).toBe(false);
    await store.put("gone", Buffer.from("x"));
    await store.delete("gone");
    await store.delete("gone");
    expect(await store.get("gone")).toBeUndefined();
    expect(await store.has("gone")).toBe(false);
  });

  it("stores empty blobs", async () => {
    const store = make();
    await store.put("empty", Buffer.alloc(0));
    expect(await store.has("empty")).toBe(true);
    expect((await store.get("empty"))?.length).toBe(0);
  });

  it("never hands out part of a blob while the same key is being written", async () => {
    const store = make();
    const blob = randomBytes(3 * 1024 * 1024);
    const writes = Array.from({ length: 4 }, () => store.put("busy", blob));
    const reads = Array.from({ length: 20 }, async () => {
      const seen = await store.get("busy");
      return seen === undefined || seen.equals(blob);
    });
    const [readsWhole] = await Promise.all([Promise.all(reads), Promise.all(writes)]);
    expect(readsWhole.every(Boolean)).toBe(true);
    expect((await store.get("busy"))?.equals(blob)).toBe(true);
  });
}

describe("dirCodeStore", () => {
  behavesAsCodeStore(() => dirCodeStore(tempDir()));

  it("keeps every key inside its directory, leaving no temporary files", async () => {
    const dir = tempDir();
    const store = dirCodeStore(path.join(dir, "blobs"));
    const keys = ["../escape", "a/../../b", ".", "..", "", "k".repeat(500), "a%2Fb", "a/b"];
    for (const key of keys) await store.put(key, Buffer.from(key));
    for (const key of keys) expect((await store.get(key))?.toString()).toBe(key);
    expect(readdirSync(dir)).toEqual(["blobs"]);
    expect(readdirSync(path.join(dir, "blobs"))).toHaveLength(keys.length);
    expect(store.where).toBe(`directory ${path.join(dir, "blobs")}`);
  });
});

describeWhen("redis code stores", redisMissing(), () => {
  let server: RedisServer;
  let redis: Redis;
  beforeAll(async () => {
    server = await startRedisServer();
    redis = new Redis(parseRedisTarget(server.url, {}).options);
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  let stores = 0;
  const prefix = () => `armada:test${++stores}:bundle:`;

  describe("redisCodeStore", () => {
    behavesAsCodeStore(() => redisCodeStore(redis, prefix(), 3600));

    it("sets the time to live on every key it writes", async () => {
      const keys = prefix();
      const store = redisCodeStore(redis, keys, 600);
      await store.put("a", Buffer.from("x"));
      const ttl = await redis.ttl(`${keys}a`);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
      expect(store.where).toBe(`redis keys ${keys}*`);
    });
  });

  describe("tieredCodeStore over redis and a directory", () => {
    behavesAsCodeStore(() =>
      tieredCodeStore({
        small: redisCodeStore(redis, prefix(), 3600),
        large: dirCodeStore(tempDir()),
        thresholdBytes: 1024,
      }),
    );

    it("puts big blobs in the large tier, small ones in the small tier, and finds both", async () => {
      const dir = tempDir();
      const keys = prefix();
      const small = redisCodeStore(redis, keys, 3600);
      const large = dirCodeStore(dir);
      const store = tieredCodeStore({ small, large, thresholdBytes: 1024 });
      const big = randomBytes(4096);
      const little = randomBytes(1024);
      await store.put("big", big);
      await store.put("little", little);

      expect(readdirSync(dir)).toEqual(["big"]);
      expect((await redis.getBuffer(`${keys}big`))?.length).toBeLessThan(16);
      expect((await store.get("big"))?.equals(big)).toBe(true);
      expect((await store.get("little"))?.equals(little)).toBe(true);
      expect(await store.has("big")).toBe(true);
      expect(store.where).toBe(`redis keys ${keys}*; blobs over 1024 bytes in directory ${dir}`);

      await store.delete("big");
      expect(readdirSync(dir)).toEqual([]);
      expect(await store.has("big")).toBe(false);
    });

    it("reports a blob whose large copy is gone as missing", async () => {
      const large = dirCodeStore(tempDir());
      const store = tieredCodeStore({
        small: redisCodeStore(redis, prefix(), 3600),
        large,
        thresholdBytes: 10,
      });
      await store.put("big", randomBytes(100));
      await large.delete("big");
      expect(await store.has("big")).toBe(false);
      expect(await store.get("big")).toBeUndefined();
    });

    it("keeps everything in the small tier when there is no large one", async () => {
      const store = tieredCodeStore({ small: dirCodeStore(tempDir()), thresholdBytes: 10 });
      const big = randomBytes(100);
      await store.put("big", big);
      expect((await store.get("big"))?.equals(big)).toBe(true);
    });
  });
});
