import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type RunEvent, type RunStore, toArmadaError } from "../core/index.js";
import { accessGuard, newToken } from "./access-token.js";
import type { ActionResult, ApiError, DiffText } from "./api.js";
import { eventPump } from "./event-pump.js";
import { streamLog } from "./log-stream.js";
import { type RunHub, runHub } from "./run-hub.js";
import { runsFeed } from "./runs-feed.js";
import { openSse } from "./sse.js";
import { servePage } from "./static-page.js";
import { taskDetail, transcriptPath } from "./task-detail.js";

/** What the page's buttons do: the same operations, and refusals, as the CLI's commands. */
export interface WebActions {
  cancelRun(runId: string): Promise<string>;
  cancelTask(runId: string, taskId: string): Promise<string>;
  retryTask(runId: string, taskId: string): Promise<string>;
  apply(runId: string, merge: boolean): Promise<string>;
}

export interface WebServerOptions {
  store: RunStore;
  host: string;
  /** 0 picks a free port. */
  port: number;
  token?: string | undefined;
  /** The built page's folder (index.html and assets). */
  pageDir: string;
  diffText(from: string, to: string): Promise<string>;
  /** A line of a task's history, as `armada logs` prints it; undefined to leave the event out. */
  describeEvent(event: RunEvent): string | undefined;
  actions: WebActions;
}

export interface WebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const DIFF_BYTES = 2 * 1024 * 1024;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "cache-control": "no-store",
  });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  let text = "";
  for await (const chunk of request) {
    text += String(chunk);
    if (text.length > 64 * 1024) throw new HttpError(413, "The request's body is too large.");
  }
  if (text.trim() === "") return {};
  try {
    const body: unknown = JSON.parse(text);
    if (typeof body === "object" && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // Said below.
  }
  throw new HttpError(400, "The request's body must be a JSON object.");
}

function capped(from: string, to: string, text: string): DiffText {
  const truncated = Buffer.byteLength(text) > DIFF_BYTES;
  return {
    from,
    to,
    text: truncated ? Buffer.from(text).subarray(0, DIFF_BYTES).toString("utf8") : text,
    truncated,
  };
}

/**
 * The web dashboard's server: the page, a JSON API over the store, and server-sent events fed
 * by one follower of the store's event log. It holds no state of its own beyond what it
 * derives from the store, so masters may come and go (resume, detached, fleet) under it.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const { store, actions } = options;
  const token = options.token ?? newToken();
  let port = options.port;
  const guard = accessGuard(token, () => port);
  const pump = eventPump(store);
  const runs = runsFeed(store, pump);
  const hubs = new Map<string, RunHub>();

  const hubOf = (runId: string): RunHub => {
    let hub = hubs.get(runId);
    if (!hub) {
      if (!store.getRun(runId))
        throw new HttpError(404, `There is no run ${runId} in this repository.`);
      hub = runHub(store, runId, pump);
      hubs.set(runId, hub);
    }
    return hub;
  };
  const runOf = (runId: string) => {
    const run = store.getRun(runId);
    if (!run) throw new HttpError(404, `There is no run ${runId} in this repository.`);
    return run;
  };
  const taskOf = (runId: string, taskId: string) => {
    const task = store.getTask(runId, taskId);
    if (!task) throw new HttpError(404, `Run ${runId} has no task ${taskId}.`);
    return task;
  };
  const attemptNumber = (url: URL, fallback: number): number => {
    const raw = url.searchParams.get("attempt");
    const n = raw === null ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < 1)
      throw new HttpError(400, "`attempt` must be a positive whole number.");
    return n;
  };
  const resumeFrom = (request: IncomingMessage, url: URL): number | undefined => {
    const raw = request.headers["last-event-id"] ?? url.searchParams.get("after");
    const n = Number(raw);
    return raw === undefined || raw === null || raw === "" || !Number.isFinite(n) ? undefined : n;
  };
  const act = async (response: ServerResponse, work: Promise<string>): Promise<void> => {
    try {
      sendJson(response, 200, { message: await work } satisfies ActionResult);
    } catch (error) {
      sendJson(response, 409, { error: toArmadaError(error).userMessage } satisfies ApiError);
    }
  };

  const api = async (
    request: IncomingMessage,
    response: ServerResponse,
    url: URL,
    parts: string[],
  ): Promise<void> => {
    const get = request.method === "GET";
    const post = request.method === "POST";
    const [, , runId, section, taskId, what] = parts;
    if (parts.length === 2 && get) return sendJson(response, 200, runs.list());
    if (parts.length === 3 && runId === "stream" && get) {
      const sse = openSse(request, response);
      sse.onClose(runs.follow((list) => sse.send("runs", list)));
      return;
    }
    if (!runId) throw new HttpError(404, "No such route.");
    if (parts.length === 3 && get) return sendJson(response, 200, hubOf(runId).snapshot());
    if (parts.length === 4 && section === "stream" && get) {
      const hub = hubOf(runId);
      const after = resumeFrom(request, url) ?? hub.seq();
      const sse = openSse(request, response);
      sse.onClose(
        hub.follow(after, (change) =>
          change === "reset" ? sse.send("reset", {}) : sse.send("change", change, change.seq),
        ),
      );
      return;
    }
    if (parts.length === 4 && section === "diff" && get) {
      const run = runOf(runId);
      const text = await options.diffText(run.baseCommit, run.integrationCommit);
      return sendJson(response, 200, capped(run.baseCommit, run.integrationCommit, text));
    }
    if (parts.length === 4 && section === "cancel" && post) {
      runOf(runId);
      return act(response, actions.cancelRun(runId));
    }
    if (parts.length === 4 && section === "apply" && post) {
      runOf(runId);
      const body = await readJson(request);
      return act(response, actions.apply(runId, body.merge === true));
    }
    if (section !== "tasks" || !taskId) throw new HttpError(404, "No such route.");
    const task = taskOf(runId, taskId);
    if (parts.length === 5 && get) {
      const detail = taskDetail(store, runId, taskId, options.describeEvent);
      return sendJson(response, 200, detail);
    }
    if (what === "diff" && get) {
      const result = store.getResult(runId, taskId);
      if (!result)
        throw new HttpError(404, `Task ${taskId} has no result yet (it is ${task.state}).`);
      const text = await options.diffText(result.startCommit, result.commit);
      return sendJson(response, 200, capped(result.startCommit, result.commit, text));
    }
    if (what === "log" && get) {
      const n = attemptNumber(url, Math.max(1, task.attempts));
      const from = resumeFrom(request, url);
      streamLog(store, runId, taskId, n, from, openSse(request, response));
      return;
    }
    if (what === "transcript" && get) {
      const n = attemptNumber(url, Math.max(1, task.attempts));
      const attempt = store.listAttempts(runId, taskId).find((a) => a.n === n);
      if (!attempt) throw new HttpError(404, `Task ${taskId} has no attempt ${n}.`);
      let text: string;
      try {
        text = readFileSync(transcriptPath(attempt.logPath), "utf8");
      } catch {
        throw new HttpError(
          404,
          `Attempt ${n} of task ${taskId} kept no conversation: only model and agent-CLI agents do.`,
        );
      }
      response.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "cache-control": "no-store",
      });
      response.end(text);
      return;
    }
    if (what === "cancel" && post) return act(response, actions.cancelTask(runId, taskId));
    if (what === "retry" && post) return act(response, actions.retryTask(runId, taskId));
    throw new HttpError(404, "No such route.");
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://armada.invalid");
    if (!guard.admit(request, response, url)) return;
    const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
    if (parts[0] !== "api") {
      servePage(options.pageDir, url.pathname, response);
      return;
    }
    api(request, response, url, parts).catch((error: unknown) => {
      if (response.headersSent) {
        response.end();
        return;
      }
      if (error instanceof HttpError) sendJson(response, error.status, { error: error.message });
      else sendJson(response, 500, { error: toArmadaError(error).userMessage });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const shown = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      pump.stop();
      runs.close();
      for (const hub of hubs.values()) hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
