import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";

/**
 * Real redis-server processes for tests: the fleet's code paths (BullMQ scripts, TLS, AUTH,
 * reconnects across a restart) are only worth testing against the real thing.
 */

export interface RedisServer {
  /** `redis://` or `rediss://` on 127.0.0.1, with the password when the server has one. */
  url: string;
  port: number;
  /** The CA that signed the server's certificate (TLS servers only). */
  caFile: string | undefined;
  /** SIGTERM (Redis writes its append-only file), wait for the exit, start again on the same port and data. */
  restart(): Promise<void>;
  /** SIGTERM, wait for the exit, remove the data. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: no waiting, the data stays for a restart. */
  kill(): void;
}

const READY_TIMEOUT_MS = 15_000;

/** Why a real redis-server (and, with tls, openssl to make certificates) cannot run here. */
export function redisMissing(options: { tls?: boolean } = {}): string | undefined {
  const tools = options.tls
    ? [
        ["redis-server", "--version"],
        ["openssl", "version"],
      ]
    : [["redis-server", "--version"]];
  for (const [program, flag] of tools) {
    try {
      execFileSync(program as string, [flag as string], { stdio: "ignore", timeout: 10_000 });
    } catch {
      return `${program} is not installed (apt-get install ${program})`;
    }
  }
  return undefined;
}

// A test that fails between start and stop must not leave Redis running after its worker exits.
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export async function startRedisServer(
  options: { tls?: boolean; password?: string } = {},
): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "armada-redis-"));
  const port = await freePort();
  const caFile = options.tls ? makeCertificates(dir) : undefined;
  const args = [
    "--bind",
    "127.0.0.1",
    "--appendonly",
    "yes",
    "--dir",
    dir,
    "--save",
    "",
    ...(options.password !== undefined ? ["--requirepass", options.password] : []),
    ...(caFile
      ? [
          "--port",
          "0",
          "--tls-port",
          String(port),
          "--tls-cert-file",
          path.join(dir, "server.crt"),
          "--tls-key-file",
          path.join(dir, "server.key"),
          "--tls-ca-cert-file",
          caFile,
          "--tls-auth-clients",
          "no",
        ]
      : ["--port", String(port)]),
  ];
  const auth = options.password !== undefined ? `:${encodeURIComponent(options.password)}@` : "";
  const url = `${caFile ? "rediss" : "redis"}://${auth}127.0.0.1:${port}`;

  let child: ChildProcess;
  try {
    child = await launch(args, port, caFile);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  const terminate = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
  };

  return {
    url,
    port,
    caFile,
    async restart() {
      await terminate();
      child = await launch(args, port, caFile);
    },
    async stop() {
      await terminate();
      rmSync(dir, { recursive: true, force: true });
    },
    kill() {
      child.kill("SIGKILL");
    },
  };
}

async function launch(args: string[], port: number, caFile: string | undefined) {
  const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<never>((_, reject) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      reject(new Error(`redis-server exited (${signal ?? code}) before it was ready:\n${log}`));
    });
    child.once("error", reject);
  });
  // Only the rejection matters; once ready, a later exit is the test's business.
  exited.catch(() => {});
  try {
    await Promise.race([exited, waitForPing(port, caFile)]);
  } catch (error) {
    child.kill("SIGKILL");
    throw error;
  }
  return child;
}

async function waitForPing(port: number, caFile: string | undefined): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const ca = caFile ? readFileSync(caFile) : undefined;
  for (;;) {
    if (await answersPing(port, ca)) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Any reply counts, NOAUTH included: the server is up and reading commands. */
function answersPing(port: number, ca: Buffer | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = ca
      ? tls.connect({ host: "127.0.0.1", port, ca })
      : net.connect({ host: "127.0.0.1", port });
    const done = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once(ca ? "secureConnect" : "connect", () => socket.write("PING\r\n"));
    socket.once("data", () => done(true));
    socket.once("error", () => done(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A throwaway CA and a server certificate it signed for 127.0.0.1 and localhost; returns the CA file. */
function makeCertificates(dir: string): string {
  const openssl = (...args: string[]) =>
    execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  const key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl(
    "req",
    "-x509",
    "-new",
    ...key,
    "-keyout",
    "ca.key",
    "-out",
    "ca.crt",
    "-days",
    "2",
    "-subj",
    "/CN=armada test CA",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  );
  openssl(
    "req",
    "-new",
    ...key,
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=localhost",
  );
  writeFileSync(
    path.join(dir, "server.ext"),
    "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
  );
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.crt",
    "-CAkey",
    "ca.key",
    "-set_serial",
    "1",
    "-days",
    "2",
    "-extfile",
    "server.ext",
    "-out",
    "server.crt",
  );
  return path.join(dir, "ca.crt");
}
