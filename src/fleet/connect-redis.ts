import { Redis } from "ioredis";
import { ArmadaError } from "../core/errors.js";
import { type RedisTarget, redactRedisUrls } from "./redis-target.js";

/** Redis refused the user name or password; retrying cannot help. */
export class RedisAuthError extends ArmadaError {
  readonly target: string;
  constructor(target: string, serverSaid: string) {
    super(
      "redis-auth-failed",
      `Redis at ${target} refused to let armada in: ${serverSaid.replace(/\.$/, "")}. Check the password (in the URL or in ARMADA_REDIS_PASSWORD) and, when the server uses ACL users, the user name before the password in the URL.`,
    );
    this.name = "RedisAuthError";
    this.target = target;
  }
}

/** The TLS handshake failed: the server's certificate is not trusted or not for that host. */
export class RedisTlsError extends ArmadaError {
  readonly target: string;
  constructor(target: string, detail: string) {
    super(
      "redis-tls-failed",
      `Could not set up TLS with Redis at ${target}: ${detail}. When the server's certificate comes from a private CA, point ARMADA_REDIS_CA (or NODE_EXTRA_CA_CERTS) at that CA's PEM file; check too that the host in the URL is a name the certificate was issued for.`,
    );
    this.name = "RedisTlsError";
    this.target = target;
  }
}

/** No answer from Redis within the time allowed. */
export class RedisUnreachableError extends ArmadaError {
  readonly target: string;
  constructor(target: string, seconds: number, lastError: string | undefined) {
    super(
      "redis-unreachable",
      `Redis at ${target} did not answer within ${seconds}s${lastError ? ` (last error: ${lastError})` : ""}. Check that the server is running and reachable from here, and that the host, port and redis:// or rediss:// (TLS) in the URL are right.`,
    );
    this.name = "RedisUnreachableError";
    this.target = target;
  }
}

/** Connections refused in a row before armada says so, rather than waiting out the timeout. */
const GIVE_UP_AFTER_REFUSALS = 3;
const AUTH_REPLY = /^(WRONGPASS|NOAUTH)|invalid password|invalid username-password/i;
const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_|DEPTH_ZERO|ERR_TLS|ERR_SSL/;

/**
 * Connects and waits until Redis is ready, so that a wrong address, password or CA is
 * reported once, clearly, at startup; the returned client then reconnects on its own for as
 * long as it lives (target.options). The caller owns the client and must attach its own
 * "error" listener.
 */
export function connectRedis(
  target: RedisTarget,
  options: { timeoutMs?: number } = {},
): Promise<Redis> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const redis = new Redis(target.options);
  return new Promise((resolve, reject) => {
    let lastError: string | undefined;
    const settle = (error?: ArmadaError) => {
      clearTimeout(timer);
      redis.off("error", onError);
      redis.off("ready", onReady);
      if (error) {
        redis.disconnect();
        reject(error);
      } else {
        resolve(redis);
      }
    };
    const onReady = () => settle();
    const started = Date.now();
    let refusals = 0;
    const onError = (error: Error & { code?: string }) => {
      const message = redactRedisUrls(error.message);
      if (AUTH_REPLY.test(message)) settle(new RedisAuthError(target.display, message));
      else if (TLS_CODE.test(error.code ?? "")) settle(new RedisTlsError(target.display, message));
      else if (
        error.code === "ENOTFOUND" ||
        (error.code === "ECONNREFUSED" && ++refusals >= GIVE_UP_AFTER_REFUSALS)
      ) {
        // Nothing listens there, or the name does not resolve: waiting longer will not help.
        const seconds = Math.max(1, Math.round((Date.now() - started) / 1000));
        settle(new RedisUnreachableError(target.display, seconds, message));
      } else lastError = message;
    };
    const timer = setTimeout(
      () => settle(new RedisUnreachableError(target.display, timeoutMs / 1000, lastError)),
      timeoutMs,
    );
    redis.on("ready", onReady);
    redis.on("error", onError);
  });
}
