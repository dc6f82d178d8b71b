import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type EgressProxy, startEgressProxy } from "./egress-proxy.js";
import { EgressProxyError } from "./egress-proxy-error.js";
import { forwarderPort, proxyForwarderArgv } from "./proxy-forwarder.js";

// Everything here listens and connects on loopback only.
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function portOf(server: net.Server): number {
  const address = server.address();
  if (typeof address !== "object" || !address) throw new Error("not listening on TCP");
  return address.port;
}

async function listening<T extends net.Server>(server: T): Promise<T> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(() => {
    if ("closeAllConnections" in server) (server as unknown as http.Server).closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return server;
}

async function echoServer(): Promise<number> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.pipe(socket);
  });
  cleanups.push(() => {
    for (const socket of sockets) socket.destroy();
  });
  return portOf(await listening(server));
}

/** An HTTP server with an echo at /echo and a server-sent event stream at /events. */
async function httpServer(): Promise<{ port: number; next: () => void }> {
  let release: () => void = () => {};
  const server = http.createServer((req, res) => {
    if (req.url === "/events") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write("data: one\n\n");
      // The second event waits for the test to have seen the first.
      release = () => res.end("data: two\n\n");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/plain", "x-host": req.headers.host ?? "" });
      res.end(`${req.method} ${req.url} ${Buffer.concat(chunks).toString()}`);
    });
  });
  return { port: portOf(await listening(server)), next: () => release() };
}

async function proxy(
  allow: { host: string; port: number }[],
  listen: { port: number } | { socketPath: string } = { port: 0 },
): Promise<{ proxy: EgressProxy; port: number; refusals: string[] }> {
  const refusals: string[] = [];
  const started = await startEgressProxy({
    allow,
    listen,
    onRefused: (host, port) => refusals.push(`${host}:${port}`),
  });
  cleanups.push(() => started.close());
  return { proxy: started, port: Number(new URL(started.url ?? "http://x:0").port), refusals };
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  reused: boolean;
}

/** An absolute-form request through the proxy at `proxyPort`, as an HTTP_PROXY client sends. */
function viaProxy(
  proxyPort: number,
  url: string,
  options: { method?: string; body?: string; agent?: http.Agent } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port: proxyPort,
      method: options.method ?? "GET",
      path: url,
      agent: options.agent,
    });
    req.on("error", reject);
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          reused: req.reusedSocket,
        }),
      );
    });
    req.end(options.body);
  });
}

/** Opens a CONNECT tunnel with Node's own client; resolves with the status and the socket. */
function connect(
  proxyPort: number,
  target: string,
): Promise<{ status: number; socket: net.Socket; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port: proxyPort,
      method: "CONNECT",
      path: target,
    });
    req.on("error", reject);
    req.on("connect", (res, socket, head) => {
      cleanups.push(() => socket.destroy());
      // Whatever came with the response head: a refusal's body, here.
      let body = head.toString();
      if (res.statusCode === 200) resolve({ status: 200, socket, body });
      socket.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      socket.on("end", () => resolve({ status: res.statusCode ?? 0, socket, body }));
    });
    req.end();
  });
}

function firstData(socket: net.Socket): Promise<string> {
  return new Promise((resolve) =>
    socket.once("data", (chunk: Buffer) => resolve(chunk.toString())),
  );
}

const REFUSAL =
  /^Refused 127\.0\.0\.1:\d+: this sandbox allows only its agent's model API; run armada with --network to open everything\.\n$/;

describe("startEgressProxy", () => {
  it("carries bytes both ways through an allowed CONNECT tunnel", async () => {
    const echo = await echoServer();
    const { proxy: started, port } = await proxy([{ host: "127.0.0.1", port: echo }]);
    const tunnel = await connect(port, `127.0.0.1:${echo}`);
    expect(tunnel.status).toBe(200);
    tunnel.socket.write("ping through the tunnel");
    expect(await firstData(tunnel.socket)).toBe("ping through the tunnel");
    expect(started.refused).toBe(0);
  });

  it("compares host names without regard to case", async () => {
    const echo = await echoServer();
    const { port, refusals } = await proxy([{ host: "LocalHost", port: echo }]);
    // The name is passed on as sent; Node tries each address of localhost in turn.
    const tunnel = await connect(port, `localhost:${echo}`);
    expect(tunnel.status).toBe(200);
    tunnel.socket.write("hi");
    expect(await firstData(tunnel.socket)).toBe("hi");
    expect(refusals).toEqual([]);
  });

  it("forwards absolute-form plain HTTP with its body, and keeps the client's connection", async () => {
    const upstream = await httpServer();
    const { port } = await proxy([{ host: "127.0.0.1", port: upstream.port }]);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    cleanups.push(() => agent.destroy());
    const first = await viaProxy(port, `http://127.0.0.1:${upstream.port}/echo?x=1`, {
      method: "POST",
      body: "hello model",
      agent,
    });
    expect(first.status).toBe(200);
    expect(first.body).toBe("POST /echo?x=1 hello model");
    expect(first.headers["x-host"]).toBe(`127.0.0.1:${upstream.port}`);
    const second = await viaProxy(port, `http://127.0.0.1:${upstream.port}/again`, { agent });
    expect(second.body).toBe("GET /again ");
    expect(second.reused).toBe(true);
  });

  it("streams a server-sent event response as it arrives", async () => {
    const upstream = await httpServer();
    const { port } = await proxy([{ host: "127.0.0.1", port: upstream.port }]);
    const events: string[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const req = http.request({
        host: "127.0.0.1",
        port,
        path: `http://127.0.0.1:${upstream.port}/events`,
      });
      req.on("error", reject);
      req.on("response", (res) => {
        expect(res.headers["content-type"]).toBe("text/event-stream");
        res.on("data", (chunk: Buffer) => {
          events.push(chunk.toString());
          // Only once the first event came through does the server send the second.
          if (events.length === 1) upstream.next();
        });
        res.on("end", resolve);
      });
      req.end();
    });
    await done;
    expect(events).toEqual(["data: one\n\n", "data: two\n\n"]);
  });

  it("refuses a CONNECT to any other endpoint with 403 and says why", async () => {
    const echo = await echoServer();
    const other = await echoServer();
    const { proxy: started, port, refusals } = await proxy([{ host: "127.0.0.1", port: echo }]);
    const tunnel = await connect(port, `127.0.0.1:${other}`);
    expect(tunnel.status).toBe(403);
    expect(tunnel.body).toMatch(REFUSAL);
    expect(tunnel.body).toContain(`127.0.0.1:${other}`);
    expect(refusals).toEqual([`127.0.0.1:${other}`]);
    expect(started.refused).toBe(1);
  });

  it("refuses a plain request to any other endpoint with 403 and says why", async () => {
    const upstream = await httpServer();
    const other = await httpServer();
    const {
      proxy: started,
      port,
      refusals,
    } = await proxy([{ host: "127.0.0.1", port: upstream.port }]);
    const answer = await viaProxy(port, `http://127.0.0.1:${other.port}/secret`);
    expect(answer.status).toBe(403);
    expect(answer.body).toMatch(REFUSAL);
    expect(answer.body).toContain(`127.0.0.1:${other.port}`);
    expect(refusals).toEqual([`127.0.0.1:${other.port}`]);
    // Another name for the same address is another endpoint: only names as listed pass.
    const byName = await viaProxy(port, `http://localhost:${upstream.port}/`);
    expect(byName.status).toBe(403);
    expect(started.refused).toBe(2);
  });

  it("answers 502 when an allowed endpoint cannot be reached", async () => {
    const closed = await listening(net.createServer());
    const port = portOf(closed);
    await new Promise((resolve) => closed.close(resolve));
    const started = await proxy([{ host: "127.0.0.1", port }]);
    const answer = await viaProxy(started.port, `http://127.0.0.1:${port}/`);
    expect(answer.status).toBe(502);
    expect(answer.body).toContain(`Cannot reach 127.0.0.1:${port}`);
    const tunnel = await connect(started.port, `127.0.0.1:${port}`);
    expect(tunnel.status).toBe(502);
    expect(started.refusals).toEqual([]);
  });

  it("answers 400 to a request that is not for a proxy", async () => {
    const { port, refusals } = await proxy([]);
    const answer = await viaProxy(port, "/not-absolute");
    expect(answer.status).toBe(400);
    expect(refusals).toEqual([]);
  });

  it("ends open tunnels when closed", async () => {
    const echo = await echoServer();
    const { proxy: started, port } = await proxy([{ host: "127.0.0.1", port: echo }]);
    const tunnel = await connect(port, `127.0.0.1:${echo}`);
    const ended = new Promise<void>((resolve) => tunnel.socket.once("close", () => resolve()));
    await started.close();
    await ended;
    expect(tunnel.socket.destroyed).toBe(true);
  });

  it("fails with a typed error when it cannot listen", async () => {
    const taken = portOf(await listening(net.createServer()));
    const failure = await startEgressProxy({ allow: [], listen: { port: taken } }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(EgressProxyError);
    expect(failure).toMatchObject({
      name: "EgressProxyError",
      code: "egress-proxy",
      address: `127.0.0.1:${taken}`,
    });
    expect((failure as EgressProxyError).userMessage).toContain("--network");
  });
});

describe("proxy forwarder", () => {
  async function forwarder(socketPath: string): Promise<{ child: ChildProcess; port: number }> {
    const [node, ...args] = proxyForwarderArgv(process.execPath, socketPath);
    const child = spawn(node ?? process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
    cleanups.push(() => child.kill());
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const found = forwarderPort(out);
        if (found !== undefined) resolve(found);
      });
      child.once("exit", (code) => reject(new Error(`forwarder exited (${code})`)));
    });
    return { child, port };
  }

  it("carries requests from loopback through the proxy's unix socket, and exits with stdin", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "armada-egress-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const socketPath = path.join(dir, "proxy.sock");
    const upstream = await httpServer();
    const echo = await echoServer();
    const { proxy: started, refusals } = await proxy(
      [
        { host: "127.0.0.1", port: upstream.port },
        { host: "127.0.0.1", port: echo },
      ],
      { socketPath },
    );
    expect(started.socketPath).toBe(socketPath);
    expect(started.url).toBeUndefined();
    const { child, port } = await forwarder(socketPath);

    const answer = await viaProxy(port, `http://127.0.0.1:${upstream.port}/echo`, {
      method: "POST",
      body: "end to end",
    });
    expect(answer).toMatchObject({ status: 200, body: "POST /echo end to end" });
    const tunnel = await connect(port, `127.0.0.1:${echo}`);
    tunnel.socket.write("tunnelled");
    expect(await firstData(tunnel.socket)).toBe("tunnelled");
    const refused = await viaProxy(port, "http://127.0.0.1:1/");
    expect(refused.status).toBe(403);
    expect(refusals).toEqual(["127.0.0.1:1"]);

    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.stdin?.end();
    expect(await exited).toBe(0);
  });

  it("reads the port the forwarder reports once ready", () => {
    expect(forwarderPort("")).toBeUndefined();
    expect(forwarderPort("listening 4312\n")).toBe(4312);
  });
});
