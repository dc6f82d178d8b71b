import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { rootCertificates } from "node:tls";
import type { RedisOptions } from "ioredis";
import { ArmadaError } from "../core/errors.js";

/** Where the fleet's Redis is: `display` is the only form that may be printed or logged. */
export interface RedisTarget {
  /** The URL with any password replaced by `***`. */
  display: string;
  /** For ioredis and BullMQ alike (BullMQ's type has no room for a null retry strategy). */
  options: ConnectionSettings;
}

export type ConnectionSettings = Omit<RedisOptions, "retryStrategy"> & {
  retryStrategy: (times: number) => number;
};

/** A --cloud / --redis URL armada cannot use; the message never contains the password. */
export class InvalidRedisUrlError extends ArmadaError {
  readonly url: string;
  constructor(url: string, problem: string) {
    super(
      "invalid-redis-url",
      `Cannot use the Redis address ${url}: ${problem}. Give it as redis://[user][:password]@host[:port][/db], or rediss://... for TLS; the password may instead come from ARMADA_REDIS_PASSWORD.`,
    );
    this.name = "InvalidRedisUrlError";
    this.url = url;
  }
}

/** ARMADA_REDIS_CA names a certificate file that cannot be read. */
export class RedisCaFileError extends ArmadaError {
  readonly file: string;
  constructor(file: string, reason: string) {
    super(
      "redis-ca-unreadable",
      `ARMADA_REDIS_CA names ${file}, which cannot be read (${reason}). Point it at the PEM file of the CA that signed your Redis server's certificate, or unset it to trust only the system's CAs (and NODE_EXTRA_CA_CERTS).`,
    );
    this.name = "RedisCaFileError";
    this.file = file;
  }
}

const DEFAULT_PORT = 6379;
const MAX_RECONNECT_DELAY_MS = 2000;

export function parseRedisTarget(raw: string, env: NodeJS.ProcessEnv = process.env): RedisTarget {
  const input = raw.trim();
  const schemeEnd = input.indexOf("://");
  const scheme = schemeEnd >= 0 ? input.slice(0, schemeEnd).toLowerCase() : "";
  const rest = schemeEnd >= 0 ? input.slice(schemeEnd + 3) : input;
  // Hosts and paths never contain "@", so the last one ends the user info even when a
  // password holds an unencoded "@", "/" or "#".
  const at = rest.lastIndexOf("@");
  const userInfo = at >= 0 ? rest.slice(0, at) : undefined;
  const location = at >= 0 ? rest.slice(at + 1) : rest;
  const colon = userInfo?.indexOf(":") ?? -1;
  const rawUser = colon >= 0 ? userInfo?.slice(0, colon) : userInfo;
  const rawPassword = colon >= 0 ? userInfo?.slice(colon + 1) : undefined;
  const hidden = rawPassword ? `${rawUser ?? ""}:***` : rawUser;
  const display = `${schemeEnd >= 0 ? `${input.slice(0, schemeEnd)}://` : ""}${hidden !== undefined ? `${hidden}@` : ""}${location}`;
  const fail = (problem: string): never => {
    throw new InvalidRedisUrlError(display, problem);
  };

  if (schemeEnd < 0) fail("it is not a URL (it has no scheme such as redis://)");
  if (scheme !== "redis" && scheme !== "rediss") {
    fail(`the scheme "${scheme}:" is not supported, only redis: and rediss: (TLS) are`);
  }
  if (/[?#]/.test(location)) fail("query parameters and fragments are not supported");

  const slash = location.indexOf("/");
  const hostPort = slash >= 0 ? location.slice(0, slash) : location;
  const dbPath = slash >= 0 ? location.slice(slash + 1) : "";
  const { host, portText } = splitHostPort(hostPort) ?? fail(`"${hostPort}" is not a host[:port]`);
  if (!host) fail("it names no host");
  if (portText !== undefined && !/^\d{1,5}$/.test(portText)) {
    fail("the port is not a number");
  }
  const port = portText === undefined ? DEFAULT_PORT : Number(portText);
  if (port < 1 || port > 65535) fail(`the port ${port} is not between 1 and 65535`);
  if (dbPath !== "" && !/^\d{1,9}$/.test(dbPath)) {
    fail(`the database "/${dbPath}" is not a database number such as /0`);
  }

  const username = decode(rawUser, "user name", fail);
  const password = decode(rawPassword, "password", fail) || env.ARMADA_REDIS_PASSWORD || undefined;
  const options: ConnectionSettings = {
    host,
    port,
    ...(username ? { username } : {}),
    ...(password ? { password } : {}),
    ...(dbPath !== "" ? { db: Number(dbPath) } : {}),
    // BullMQ's blocking commands must wait out a Redis restart instead of failing after a
    // few retries, and a worker must keep reconnecting for as long as it runs.
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(times * 200, MAX_RECONNECT_DELAY_MS),
  };
  if (scheme === "rediss") {
    const ca = extraCa(env);
    options.tls = {
      // SNI is for names only; Node warns when it is given an IP, and checks the IP regardless.
      ...(isIP(host) === 0 ? { servername: host } : {}),
      ...(ca ? { ca } : {}),
    };
  }
  return { display, options };
}

/** Replaces the password of every redis:// or rediss:// URL in `text` (say, an ioredis error) by `***`. */
export function redactRedisUrls(text: string): string {
  // The password runs to the last "@" before whitespace, so one holding an unencoded "@"
  // is hidden whole; hiding a little too much is the safe side.
  return text.replace(/(rediss?:\/\/[^\s:@/]*):[^\s]*@/gi, "$1:***@");
}

function splitHostPort(
  hostPort: string,
): { host: string; portText: string | undefined } | undefined {
  if (hostPort.startsWith("[")) {
    const close = hostPort.indexOf("]");
    if (close < 0) return undefined;
    const after = hostPort.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) return undefined;
    return { host: hostPort.slice(1, close), portText: after ? after.slice(1) : undefined };
  }
  const parts = hostPort.split(":");
  if (parts.length > 2) return undefined;
  return { host: parts[0] ?? "", portText: parts[1] };
}

function decode(
  text: string | undefined,
  what: string,
  fail: (problem: string) => never,
): string | undefined {
  if (text === undefined) return undefined;
  try {
    return decodeURIComponent(text);
  } catch {
    return fail(`the ${what} has a malformed %-escape`);
  }
}

/**
 * Giving `ca` replaces Node's trusted CAs instead of adding to them, so the system's CAs and
 * NODE_EXTRA_CA_CERTS are listed again beside the one from ARMADA_REDIS_CA.
 */
function extraCa(env: NodeJS.ProcessEnv): string[] | undefined {
  const file = env.ARMADA_REDIS_CA;
  if (!file) return undefined;
  let ca: string;
  try {
    ca = readFileSync(file, "utf8");
  } catch (error) {
    throw new RedisCaFileError(file, (error as NodeJS.ErrnoException).code ?? String(error));
  }
  return [...rootCertificates, ...nodeExtraCa(env.NODE_EXTRA_CA_CERTS), ca];
}

/** Node itself only warns when NODE_EXTRA_CA_CERTS cannot be read, and so do we (it did already). */
function nodeExtraCa(file: string | undefined): string[] {
  if (!file) return [];
  try {
    return [readFileSync(file, "utf8")];
  } catch {
    return [];
  }
}
