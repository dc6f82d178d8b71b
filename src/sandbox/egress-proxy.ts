import http from "node:http";
import net from "node:net";
import type { Duplex } from "node:stream";
import { EgressProxyError } from "./egress-proxy-error.js";

/** One endpoint a sandbox may reach: a host name or IP literal as the client names it. */
export interface EgressEndpoint {
  host: string;
  port: number;
}

export interface EgressProxyOptions {
  /** Every other host:port is refused. */
  allow: readonly EgressEndpoint[];
  /** A TCP port on 127.0.0.1 (0 picks a free one), or a unix socket path. */
  listen: { port: number } | { socketPath: string };
  /** Called once per refused request, with the host and port it named. */
  onRefused?: (host: string, port: number) => void;
}

export interface EgressProxy {
  /** `http://127.0.0.1:<port>` when listening on TCP. */
  readonly url: string | undefined;
  /** The unix socket path when listening on one. */
  readonly socketPath: string | undefined;
  /** How many requests were refused so far. */
  readonly refused: number;
  /** Stops listening and ends every open connection and tunnel. */
  close(): Promise<void>;
}

// Headers about one connection, not the request: never passed on (RFC 9110 §7.6.1).
// `expect` goes too: the proxy has already answered 100-continue to its client.
const HOP_BY_HOP = new Set([
  "connection",
  "expect",
  "keep-alive",
  "proxy-authenticate",
  "proxy-authorization",
  "proxy-connection",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const named = String(headers.connection ?? "")
    .split(",")
    .map((token) => token.trim().toLowerCase());
  const kept: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name) && !named.includes(name)) kept[name] = value;
  }
  return kept;
}

/** IPv6 literals are bracketed in URLs and CONNECT targets, bare in the allow list. */
function bare(host: string): string {
  return host.startsWith("[") && host.endsWith("]") ? host.slice(1, -1) : host;
}

/** `host:port` or `[v6]:port`, as a CONNECT request names its target. */
function parseAuthority(authority: string): EgressEndpoint | undefined {
  const match = /^(\[[^\]]+\]|[^:[\]]+):(\d{1,5})$/.exec(authority);
  if (!match?.[1] || !match[2]) return undefined;
  const port = Number(match[2]);
  return port > 0 && port < 65536 ? { host: bare(match[1]), port } : undefined;
}

/** An absolute-form `http://` request target; anything else is not for a forward proxy. */
function parseAbsolute(
  target: string,
): (EgressEndpoint & { authority: string; path: string }) | undefined {
  if (!/^http:\/\//i.test(target) || !URL.canParse(target)) return undefined;
  const url = new URL(target);
  return {
    host: bare(url.hostname),
    port: url.port ? Number(url.port) : 80,
    authority: url.host,
    path: `${url.pathname}${url.search}`,
  };
}

function refusal(host: string, port: number): string {
  return `Refused ${host}:${port}: this sandbox allows only its agent's model API; run armada with --network to open everything.\n`;
}

function rawResponse(status: string, body: string): string {
  return `HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
}

/**
 * The master's side of a sandbox's network: an HTTP proxy (CONNECT tunnels and absolute-form
 * plain HTTP) that reaches only the allowed endpoints, so that a CLI agent gets its model API
 * and nothing else. It compares the host as the client names it and connects to that same
 * name, so what is checked is what is reached.
 */
export async function startEgressProxy(options: EgressProxyOptions): Promise<EgressProxy> {
  const allowed = new Set(
    options.allow.map((endpoint) => `${bare(endpoint.host).toLowerCase()}:${endpoint.port}`),
  );
  let refused = 0;
  const isAllowed = (host: string, port: number): boolean => {
    if (allowed.has(`${host.toLowerCase()}:${port}`)) return true;
    refused += 1;
    options.onRefused?.(host, port);
    return false;
  };
  const sockets = new Set<Duplex>();
  const track = (socket: Duplex): void => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  };
  const upstreamAgent = new http.Agent({ keepAlive: true });

  // Streaming model responses may take minutes: no timeout cuts a request short.
  const server = http.createServer({ requestTimeout: 0 });
  server.on("connection", track);
  server.on("connect", (req: http.IncomingMessage, client: Duplex, head: Buffer) => {
    client.on("error", () => client.destroy());
    const target = parseAuthority(req.url ?? "");
    if (!target) {
      client.end(rawResponse("400 Bad Request", `Not a CONNECT target: ${req.url}\n`));
      return;
    }
    if (!isAllowed(target.host, target.port)) {
      client.end(rawResponse("403 Forbidden", refusal(target.host, target.port)));
      return;
    }
    // Half-open, so that a client that ends its side still gets the rest of the answer.
    const upstream = net.connect({ host: target.host, port: target.port, allowHalfOpen: true });
    track(upstream);
    let connected = false;
    upstream.once("connect", () => {
      connected = true;
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", (error) => {
      if (connected) client.destroy();
      else
        client.end(rawResponse("502 Bad Gateway", `Cannot reach ${req.url}: ${error.message}\n`));
    });
    client.on("error", () => upstream.destroy());
    // Ending rather than destroying lets what one side sent last reach the other.
    client.once("close", () => upstream.end());
    upstream.once("close", () => client.end());
  });
  server.on("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const target = parseAbsolute(req.url ?? "");
    if (!target) {
      res.writeHead(400, { "content-type": "text/plain; charset=utf-8" });
      res.end("This is a proxy: send absolute http:// URLs, or CONNECT for https.\n");
      return;
    }
    if (!isAllowed(target.host, target.port)) {
      res.writeHead(403, { "content-type": "text/plain; charset=utf-8" });
      res.end(refusal(target.host, target.port));
      return;
    }
    const upstream = http.request({
      agent: upstreamAgent,
      host: target.host,
      port: target.port,
      method: req.method,
      path: target.path,
      // The request line's authority wins over a Host header that disagrees (RFC 9112 §3.2.2).
      headers: { ...endToEnd(req.headers), host: target.authority },
    });
    upstream.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.headers));
      // Headers go at once: a server-sent event stream may be silent for a while.
      res.flushHeaders();
      answer.pipe(res);
      answer.on("error", () => res.destroy());
    });
    upstream.on("error", (error) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      res.writeHead(502, { "content-type": "text/plain; charset=utf-8" });
      res.end(`Cannot reach ${target.host}:${target.port}: ${error.message}\n`);
    });
    // A client that goes away takes its upstream request with it.
    res.once("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });

  const address =
    "socketPath" in options.listen ? options.listen.socketPath : `127.0.0.1:${options.listen.port}`;
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error) => reject(new EgressProxyError(address, error)));
    if ("socketPath" in options.listen) server.listen(options.listen.socketPath, resolve);
    else server.listen(options.listen.port, "127.0.0.1", resolve);
  });
  const bound = server.address();
  return {
    url: typeof bound === "object" && bound ? `http://127.0.0.1:${bound.port}` : undefined,
    socketPath: typeof bound === "string" ? bound : undefined,
    get refused() {
      return refused;
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        upstreamAgent.destroy();
      });
    },
  };
}
