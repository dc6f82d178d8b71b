import { chmod } from "node:fs/promises";
import type { EgressRoute, ExecOptions, ExecResult } from "../core/sandbox-port.js";
import { type EgressEndpoint, startEgressProxy } from "./egress-proxy.js";
import { forwarderPort, proxyForwarderArgv } from "./proxy-forwarder.js";

/** The variables every common HTTP client reads for its proxy, in both cases. */
export function proxyEnv(url: string): Record<string, string> {
  return {
    HTTPS_PROXY: url,
    HTTP_PROXY: url,
    ALL_PROXY: url,
    https_proxy: url,
    http_proxy: url,
    all_proxy: url,
    NO_PROXY: "",
    no_proxy: "",
  };
}

export const OPEN_ROUTE: EgressRoute = { env: {}, close: async () => {} };

export interface EgressRequest {
  allow: EgressEndpoint[];
  onRefused: (host: string, port: number) => void;
}

/** A proxy the sandbox reaches on the master's loopback (sandboxes that share its network). */
export async function loopbackRoute(request: EgressRequest): Promise<EgressRoute> {
  const proxy = await startEgressProxy({
    allow: request.allow,
    listen: { port: 0 },
    onRefused: request.onRefused,
  });
  return { env: proxyEnv(proxy.url ?? ""), close: () => proxy.close() };
}

/**
 * A proxy on a unix socket the sandbox sees (`inside`) where the master puts it (`outside`),
 * and a forwarder in the sandbox's own network namespace from its loopback to that socket:
 * the sandbox's processes reach the allowed endpoints and nothing else, with no network.
 */
export async function socketRoute(
  request: EgressRequest,
  socket: { outside: string; inside: string },
  node: string,
  exec: (command: string[], options: ExecOptions) => Promise<ExecResult>,
): Promise<EgressRoute> {
  const proxy = await startEgressProxy({
    allow: request.allow,
    listen: { socketPath: socket.outside },
    onRefused: request.onRefused,
  });
  // The sandbox's user may be another than the master's (docker's image user).
  await chmod(socket.outside, 0o666);
  const stop = new AbortController();
  let output = "";
  let ready: (port: number) => void = () => {};
  const port = new Promise<number>((resolve) => {
    ready = resolve;
  });
  const running = exec(proxyForwarderArgv(node, socket.inside), {
    env: { PATH: "/usr/local/bin:/usr/bin:/bin" },
    signal: stop.signal,
    onOutput: (chunk) => {
      output += chunk.toString("utf8");
      const found = forwarderPort(output);
      if (found) ready(found);
    },
  });
  const ended = running.then((result) => {
    throw new Error(
      `the sandbox's proxy forwarder (${node}) stopped before it was ready (exit ${result.exitCode}): ${output.trim().slice(0, 300) || "no output"}. The agent reaches its model API through it; give the sandbox node, or run with --network.`,
    );
  });
  try {
    const found = await Promise.race([port, ended]);
    return {
      env: proxyEnv(`http://127.0.0.1:${found}`),
      async close() {
        stop.abort();
        await running;
        await proxy.close();
      },
    };
  } catch (error) {
    await proxy.close();
    throw error;
  }
}
