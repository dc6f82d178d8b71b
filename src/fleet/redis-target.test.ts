import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { rootCertificates } from "node:tls";
import { describe, expect, it } from "vitest";
import { ArmadaError } from "../core/errors.js";
import {
  InvalidRedisUrlError,
  parseRedisTarget,
  RedisCaFileError,
  redactRedisUrls,
} from "./redis-target.js";

describe("parseRedisTarget", () => {
  it("reads host, port, user, password and database, and hides the password in display", () => {
    const target = parseRedisTarget("rediss://alice:s3cr%40t@redis.example.com:6380/2", {});
    expect(target.display).toBe("rediss://alice:***@redis.example.com:6380/2");
    expect(target.options).toMatchObject({
      host: "redis.example.com",
      port: 6380,
      username: "alice",
      password: "s3cr@t",
      db: 2,
      maxRetriesPerRequest: null,
      tls: { servername: "redis.example.com" },
    });
    expect(target.options.connectionName).toBeUndefined();
  });

  it("defaults to port 6379, no database, no TLS", () => {
    const { options, display } = parseRedisTarget("redis://localhost", {});
    expect(display).toBe("redis://localhost");
    expect(options).toMatchObject({ host: "localhost", port: 6379 });
    expect(options.db).toBeUndefined();
    expect(options.tls).toBeUndefined();
    expect(options.password).toBeUndefined();
  });

  it("takes a password holding unencoded @, / and # whole", () => {
    const target = parseRedisTarget("redis://:p@ss/w#rd@10.0.0.5:7000", {});
    expect(target.options).toMatchObject({ host: "10.0.0.5", port: 7000, password: "p@ss/w#rd" });
    expect(target.display).toBe("redis://:***@10.0.0.5:7000");
  });

  it("reads IPv6 hosts in brackets and gives no SNI name for IP addresses", () => {
    const { options } = parseRedisTarget("rediss://[::1]:6390/0", {});
    expect(options).toMatchObject({ host: "::1", port: 6390, db: 0, tls: {} });
    expect((options.tls as { servername?: string }).servername).toBeUndefined();
  });

  it("takes the password from ARMADA_REDIS_PASSWORD unless the URL has one", () => {
    const env = { ARMADA_REDIS_PASSWORD: "from-env" };
    const fromEnv = parseRedisTarget("redis://bob@host", env);
    expect(fromEnv.options).toMatchObject({ username: "bob", password: "from-env" });
    expect(fromEnv.display).toBe("redis://bob@host");
    expect(parseRedisTarget("redis://:from-url@host", env).options.password).toBe("from-url");
  });

  it("reconnects forever, waiting at most two seconds between tries", () => {
    const { retryStrategy } = parseRedisTarget("redis://host", {}).options;
    expect(retryStrategy?.(1)).toBe(200);
    expect(retryStrategy?.(5)).toBe(1000);
    expect(retryStrategy?.(10_000)).toBe(2000);
  });

  it.each([
    ["http://:hunter2@host:6379", /scheme "http:" is not supported/],
    ["host:6379", /not a URL/],
    ["redis://:hunter2@", /names no host/],
    ["redis://:hunter2@:6379", /names no host/],
    ["redis://:hunter2@host:63x9", /port is not a number/],
    ["redis://:hunter2@host:99999", /not between 1 and 65535/],
    ["redis://:hunter2@host:6379/db1", /not a database number/],
    ["redis://:hunter2@host/0?family=6", /query parameters/],
    ["redis://:hunter2@a:b:c", /is not a host\[:port\]/],
  ])("rejects %s with a typed error that does not contain the password", (url, problem) => {
    let caught: unknown;
    try {
      parseRedisTarget(url, {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidRedisUrlError);
    const error = caught as InvalidRedisUrlError;
    expect(error).toBeInstanceOf(ArmadaError);
    expect(error.code).toBe("invalid-redis-url");
    expect(error.userMessage).toMatch(problem);
    expect(error.userMessage).not.toContain("hunter2");
    expect(error.userMessage).not.toContain("\n");
  });

  it("adds the CA from ARMADA_REDIS_CA to Node's own and NODE_EXTRA_CA_CERTS", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "armada-ca-"));
    try {
      const ours = path.join(dir, "ours.pem");
      const extra = path.join(dir, "extra.pem");
      writeFileSync(ours, "OUR CA");
      writeFileSync(extra, "EXTRA CA");
      const env = { ARMADA_REDIS_CA: ours, NODE_EXTRA_CA_CERTS: extra };
      const tls = parseRedisTarget("rediss://host", env).options.tls as { ca: string[] };
      expect(tls.ca).toEqual([...rootCertificates, "EXTRA CA", "OUR CA"]);
      expect(parseRedisTarget("redis://host", env).options.tls).toBeUndefined();
      expect(() =>
        parseRedisTarget("rediss://host", { ARMADA_REDIS_CA: path.join(dir, "missing.pem") }),
      ).toThrow(RedisCaFileError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("redactRedisUrls", () => {
  it("hides the password of every redis URL in a text and leaves the rest", () => {
    const text =
      'connect to redis://alice:pw1@h1:6379/0 failed; "rediss://:p@w2@h2" too. redis://h3:6379 has none, http://u:p@h neither';
    expect(redactRedisUrls(text)).toBe(
      'connect to redis://alice:***@h1:6379/0 failed; "rediss://:***@h2" too. redis://h3:6379 has none, http://u:p@h neither',
    );
  });
});
