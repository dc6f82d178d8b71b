import type { IncomingMessage, ServerResponse } from "node:http";

export interface SseStream {
  send(event: string, data: unknown, id?: number): void;
  readonly closed: boolean;
  onClose(listener: () => void): void;
  end(): void;
}

/** A comment line now and then keeps proxies and the browser from dropping an idle stream. */
const KEEPALIVE_MS = 15_000;

/** Answers the request with a server-sent event stream; the browser reconnects by itself. */
export function openSse(request: IncomingMessage, response: ServerResponse): SseStream {
  response.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache, no-transform",
    connection: "keep-alive",
    "x-accel-buffering": "no",
  });
  response.write("retry: 1000\n\n");
  let closed = false;
  const listeners: (() => void)[] = [];
  const keepalive = setInterval(() => response.write(": keepalive\n\n"), KEEPALIVE_MS);
  const close = (): void => {
    if (closed) return;
    closed = true;
    clearInterval(keepalive);
    for (const listener of listeners) listener();
  };
  request.on("close", close);
  response.on("close", close);
  return {
    send(event, data, id) {
      if (closed) return;
      const json = JSON.stringify(data);
      response.write(`${id === undefined ? "" : `id: ${id}\n`}event: ${event}\ndata: ${json}\n\n`);
    },
    get closed() {
      return closed;
    },
    onClose(listener) {
      if (closed) listener();
      else listeners.push(listener);
    },
    end() {
      close();
      response.end();
    },
  };
}
