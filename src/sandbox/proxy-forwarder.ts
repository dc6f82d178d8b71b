/**
 * Runs inside an overlay sandbox's network namespace, where only loopback exists: listens on
 * 127.0.0.1 and pipes every connection to the egress proxy's unix socket (bind-mounted into
 * the sandbox), so that the proxy variables there can name an ordinary http:// address.
 * Half-open sockets, so that a client that ends its side still gets the rest of the answer.
 * It prints `listening <port>` once ready, and exits when its stdin, if a pipe, closes (the
 * master ended it, or died) or its parent dies; inside a sandbox it ends with the sandbox.
 * CommonJS, as `node -e` runs it: no file to ship or mount.
 */
const FORWARDER = `"use strict";
const net = require("node:net");
const [socketPath, port] = process.argv.slice(1);
const server = net.createServer({ allowHalfOpen: true }, (client) => {
  const upstream = net.connect({ path: socketPath, allowHalfOpen: true });
  const fail = () => { client.destroy(); upstream.destroy(); };
  client.on("error", fail);
  upstream.on("error", fail);
  client.on("close", () => upstream.end());
  upstream.on("close", () => client.end());
  client.pipe(upstream);
  upstream.pipe(client);
});
server.on("error", (error) => {
  process.stderr.write("proxy forwarder: " + error.message + "\\n");
  process.exit(1);
});
server.listen(Number(port), "127.0.0.1", () => {
  process.stdout.write("listening " + server.address().port + "\\n");
});
const stdin = require("node:fs").fstatSync(0);
if (stdin.isFIFO() || stdin.isSocket()) {
  process.stdin.on("end", () => process.exit(0));
  process.stdin.on("error", () => process.exit(0));
  process.stdin.resume();
}
const parent = process.ppid;
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 1000).unref();
`;

/**
 * The command line that starts the forwarder with `node`, piping 127.0.0.1:`port` (0 picks a
 * free port, reported on stdout) to `socketPath`. Spawn it with stdin piped: closing that ends it.
 */
export function proxyForwarderArgv(node: string, socketPath: string, port = 0): string[] {
  return [node, "-e", FORWARDER, socketPath, String(port)];
}

/** The port the forwarder reported once ready, from its stdout so far; undefined before. */
export function forwarderPort(stdout: string): number | undefined {
  const match = /^listening (\d+)$/m.exec(stdout);
  return match?.[1] ? Number(match[1]) : undefined;
}
