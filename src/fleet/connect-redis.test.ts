import type { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it, onTestFinished } from "vitest";
import { describeWhen } from "../../test/support/sandbox-availability.js";
import { type RedisServer, redisMissing, startRedisServer } from "../test-support/redis-server.js";
import {
  connectRedis,
  RedisAuthError,
  RedisTlsError,
  RedisUnreachableError,
} from "./connect-redis.js";
import { parseRedisTarget } from "./redis-target.js";

const PASSWORD = "hunter2-Zq9";

async function connect(url: string, env: NodeJS.ProcessEnv = {}): Promise<Redis> {
  const redis = await connectRedis(parseRedisTarget(url, env), { timeoutMs: 5000 });
  onTestFinished(() => redis.disconnect());
  redis.on("error", () => {});
  return redis;
}

async function failure(url: string, env: NodeJS.ProcessEnv = {}, timeoutMs = 5000) {
  return connectRedis(parseRedisTarget(url, env), { timeoutMs }).then(
    () => expect.unreachable("connected"),
    (error: unknown) => error as Error & { userMessage: string },
  );
}

describeWhen("connecting to a password-protected Redis", redisMissing(), () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer({ password: PASSWORD });
  });
  afterAll(() => server?.stop());

  it("connects with the password from the URL or from ARMADA_REDIS_PASSWORD", async () => {
    expect(await (await connect(server.url)).ping()).toBe("PONG");
    const bare = `redis://127.0.0.1:${server.port}`;
    expect(await (await connect(bare, { ARMADA_REDIS_PASSWORD: PASSWORD })).ping()).toBe("PONG");
  });

  it("reports a wrong or missing password at once, without the password", async () => {
    const wrong = server.url.replace(PASSWORD, "not-the-password");
    const started = Date.now();
    const error = await failure(wrong);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(RedisAuthError);
    expect(error.userMessage).toMatch(/WRONGPASS/);
    expect(error.userMessage).toContain(`redis://:***@127.0.0.1:${server.port}`);
    expect(error.userMessage).not.toContain("not-the-password");
    expect(error.userMessage).not.toContain(PASSWORD);

    const missing = await failure(`redis://127.0.0.1:${server.port}`);
    expect(missing).toBeInstanceOf(RedisAuthError);
    expect(missing.userMessage).toMatch(/NOAUTH/);
  });

  it("waits out a restart: a command sent while Redis is down completes after it is back", async () => {
    const redis = await connect(server.url);
    await redis.set("survives", "yes");
    server.kill();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pending = redis.get("survives");
    await server.restart();
    expect(await pending).toBe("yes");
  });
});

describeWhen("connecting to Redis over TLS", redisMissing({ tls: true }), () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await startRedisServer({ tls: true, password: PASSWORD });
  });
  afterAll(() => server?.stop());

  it("trusts the server's private CA given by ARMADA_REDIS_CA, by IP and by name", async () => {
    const env = { ARMADA_REDIS_CA: server.caFile };
    expect(server.url.startsWith("rediss://")).toBe(true);
    expect(await (await connect(server.url, env)).ping()).toBe("PONG");
    const byName = `rediss://localhost:${server.port}`;
    const redis = await connect(byName, { ...env, ARMADA_REDIS_PASSWORD: PASSWORD });
    expect(await redis.ping()).toBe("PONG");
  });

  it("reports an untrusted certificate at once, naming ARMADA_REDIS_CA", async () => {
    const error = await failure(server.url);
    expect(error).toBeInstanceOf(RedisTlsError);
    expect(error.userMessage).toMatch(/self-signed certificate/);
    expect(error.userMessage).toContain("ARMADA_REDIS_CA");
    expect(error.userMessage).not.toContain(PASSWORD);
  });
});

it("reports a Redis that does not answer once the time allowed is over", async () => {
  // Port 1 on loopback: nothing listens there, so every try is refused.
  const error = await failure("redis://:hunter2@127.0.0.1:1", {}, 1000);
  expect(error).toBeInstanceOf(RedisUnreachableError);
  expect(error.userMessage).toMatch(/did not answer within 1s \(last error: connect ECONNREFUSED/);
  expect(error.userMessage).not.toContain("hunter2");
});
