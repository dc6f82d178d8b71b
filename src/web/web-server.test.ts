import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { DEFAULT_RUN_OPTIONS, type RunStore } from "../core/index.js";
import { openStore } from "../store/index.js";
import type { LogChunk, RunChange, RunList, RunSnapshot, TaskDetail } from "./api.js";
import { startWebServer, type WebServer } from "./web-server.js";

const BASE = "b".repeat(40);

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "armada-web-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Two connections to one store, as a master and the dashboard's server are two processes. */
function stores(gitDir: string): { master: RunStore; server: RunStore } {
  const master = openStore(gitDir);
  const server = openStore(gitDir);
  onTestFinished(() => {
    master.close();
    server.close();
  });
  return { master, server };
}

function createRun(store: RunStore, id: string, tasks: string[]): void {
  store.createRun({
    id,
    plan: {
      objective: `objective of ${id}`,
      checks: [],
      tasks: tasks.map((t, i) => ({
        id: t,
        title: `task ${t}`,
        instructions: "do",
        files: [],
        deps: i > 0 ? [tasks[0] ?? ""] : [],
        checks: [],
      })),
    },
    baseCommit: BASE,
    headCommit: BASE,
    headRef: "main",
    options: { ...DEFAULT_RUN_OPTIONS, agent: "command", sandbox: "overlay" },
  });
}

async function serve(store: RunStore, pageDir: string): Promise<WebServer> {
  const refuse = async (): Promise<string> => {
    throw new Error("no action in this test");
  };
  const server = await startWebServer({
    store,
    host: "127.0.0.1",
    port: 0,
    pageDir,
    diffText: async () => "",
    describeEvent: (event) => event.type,
    actions: { cancelRun: refuse, cancelTask: refuse, retryTask: refuse, apply: refuse },
  });
  onTestFinished(() => server.close());
  return server;
}

function pageDir(): string {
  const dir = tempDir();
  mkdirSync(path.join(dir, "assets"));
  writeFileSync(path.join(dir, "index.html"), "<!doctype html><title>armada</title>");
  writeFileSync(path.join(dir, "assets", "app.js"), "console.log(1)");
  return dir;
}

interface SseMessage {
  id: string | undefined;
  event: string;
  data: unknown;
}

/** Reads server-sent events from a response until `enough` says stop. */
async function readEvents(
  response: Response,
  enough: (messages: SseMessage[]) => boolean,
): Promise<SseMessage[]> {
  const reader = response.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  const messages: SseMessage[] = [];
  let buffer = "";
  const deadline = setTimeout(() => void reader.cancel(), 10_000);
  try {
    while (!enough(messages)) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf("\n\n"); end >= 0; end = buffer.indexOf("\n\n")) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = new Map<string, string>();
        for (const line of block.split("\n")) {
          const colon = line.indexOf(": ");
          if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 2));
        }
        const event = fields.get("event");
        const data = fields.get("data");
        if (event && data)
          messages.push({ id: fields.get("id"), event, data: JSON.parse(data) as unknown });
      }
    }
  } finally {
    clearTimeout(deadline);
    await reader.cancel().catch(() => undefined);
  }
  return messages;
}

const auth = (server: WebServer) => ({ authorization: `Bearer ${server.token}` });

describe("web server access", () => {
  it("refuses requests without the token, trades the URL's token for a cookie, and keeps other origins from acting", async () => {
    const { server: store } = stores(tempDir());
    const server = await serve(store, pageDir());
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    const origin = `http://127.0.0.1:${server.port}`;

    const bare = await fetch(`${origin}/api/runs`);
    expect(bare.status).toBe(403);
    expect(await bare.text()).toContain("needs the link with its token");
    expect((await fetch(`${origin}/`)).status).toBe(403);
    expect((await fetch(`${origin}/?token=${"0".repeat(48)}`, { redirect: "manual" })).status).toBe(
      403,
    );

    const traded = await fetch(server.url, { redirect: "manual" });
    expect(traded.status).toBe(302);
    expect(traded.headers.get("location")).toBe("/");
    const cookie = traded.headers.get("set-cookie") ?? "";
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    const withCookie = await fetch(`${origin}/api/runs`, {
      headers: { cookie: cookie.split(";")[0] ?? "" },
    });
    expect(withCookie.status).toBe(200);
    expect(((await withCookie.json()) as RunList).runs).toEqual([]);

    const elsewhere = await fetch(`${origin}/api/runs/r1/cancel`, {
      method: "POST",
      headers: { cookie: cookie.split(";")[0] ?? "", origin: "http://evil.example" },
    });
    expect(elsewhere.status).toBe(403);
  });

  it("serves the page's files and index.html for its routes, nothing outside its folder", async () => {
    const { server: store } = stores(tempDir());
    const server = await serve(store, pageDir());
    const origin = `http://127.0.0.1:${server.port}`;
    const asset = await fetch(`${origin}/assets/app.js`, { headers: auth(server) });
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");
    const outside = await fetch(`${origin}/assets/..%2F..%2F..%2F..%2Fetc%2Fpasswd`, {
      headers: auth(server),
    });
    expect(await outside.text()).toBe("<!doctype html><title>armada</title>");
    const missing = await fetch(`${origin}/api/runs/nope`, { headers: auth(server) });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: "There is no run nope in this repository." });
  });
});

describe("web server live data", () => {
  it("pushes each task change from another connection's writes, and catches a reconnecting page up from Last-Event-ID", async () => {
    const gitDir = tempDir();
    const { master, server: store } = stores(gitDir);
    createRun(master, "r1", ["a", "b", "c"]);
    const server = await serve(store, pageDir());
    const origin = `http://127.0.0.1:${server.port}`;

    const snapshot = (await (
      await fetch(`${origin}/api/runs/r1`, { headers: auth(server) })
    ).json()) as RunSnapshot;
    expect(snapshot.tasks.map((t) => [t.id, t.state, t.deps])).toEqual([
      ["a", "queued", []],
      ["b", "queued", ["a"]],
      ["c", "queued", ["a"]],
    ]);
    expect(snapshot.run.counts.queued).toBe(3);

    const stream = await fetch(`${origin}/api/runs/r1/stream?after=${snapshot.seq}`, {
      headers: auth(server),
    });
    expect(stream.headers.get("content-type")).toContain("text/event-stream");
    setTimeout(() => {
      master.updateTask(
        "r1",
        "a",
        { state: "completed", finishedAt: Date.now() },
        { type: "task.state", data: { state: "completed" } },
      );
    }, 200);
    const [first] = await readEvents(stream, (m) => m.length >= 1);
    const change = first?.data as RunChange;
    expect(first?.event).toBe("change");
    expect(change.tasks.map((t) => [t.id, t.state])).toEqual([["a", "completed"]]);
    expect(change.run.counts.completed).toBe(1);
    expect(first?.id).toBe(String(change.seq));

    // While no page listens, two more tasks move; the page comes back with the last id it saw.
    master.updateTask(
      "r1",
      "b",
      { state: "failed" },
      { type: "task.state", data: { state: "failed" } },
    );
    master.updateTask(
      "r1",
      "c",
      { state: "active" },
      { type: "task.state", data: { state: "active", attempt: 1 } },
    );
    const again = await fetch(`${origin}/api/runs/r1/stream`, {
      headers: { ...auth(server), "last-event-id": String(change.seq) },
    });
    const [caught] = await readEvents(again, (m) => m.length >= 1);
    const catchUp = caught?.data as RunChange;
    expect(catchUp.tasks.map((t) => [t.id, t.state]).sort()).toEqual([
      ["b", "failed"],
      ["c", "active"],
    ]);
    expect(catchUp.run.counts).toMatchObject({ completed: 1, failed: 1, active: 1, queued: 0 });

    // A task's page gets its own history, not its neighbours'.
    const detail = (await (
      await fetch(`${origin}/api/runs/r1/tasks/b`, { headers: auth(server) })
    ).json()) as TaskDetail;
    expect(detail.task).toMatchObject({ id: "b", state: "failed", deps: ["a"] });
    expect(detail.events.map((e) => e.text)).toEqual(["task.state"]);
  });

  it("lists runs newest first and pushes a new run to a page following the list", async () => {
    const gitDir = tempDir();
    const { master, server: store } = stores(gitDir);
    createRun(master, "r1", ["a"]);
    const server = await serve(store, pageDir());
    const origin = `http://127.0.0.1:${server.port}`;
    const stream = await fetch(`${origin}/api/runs/stream`, { headers: auth(server) });
    setTimeout(() => createRun(master, "r2", ["x", "y"]), 300);
    const messages = await readEvents(
      stream,
      (m) => (m.at(-1)?.data as RunList | undefined)?.runs.length === 2,
    );
    const list = messages.at(-1)?.data as RunList;
    expect(list.runs.map((r) => [r.id, r.total, r.counts.queued])).toEqual([
      ["r2", 2, 2],
      ["r1", 1, 1],
    ]);
    expect(messages[0]?.event).toBe("runs");
  });

  it("streams an attempt's log as it grows, resumes from a byte offset, and ends once the attempt ended", async () => {
    const gitDir = tempDir();
    const { master, server: store } = stores(gitDir);
    createRun(master, "r1", ["a"]);
    const log = path.join(tempDir(), "a.1.log");
    writeFileSync(log, "first line\n");
    master.insertAttempt({
      runId: "r1",
      taskId: "a",
      n: 1,
      state: "running",
      startCommit: BASE,
      sandbox: undefined,
      pgid: undefined,
      worker: undefined,
      logPath: log,
      error: undefined,
      agentMs: undefined,
      commit: undefined,
      usage: undefined,
      metrics: undefined,
      startedAt: Date.now(),
      finishedAt: undefined,
    });
    master.updateTask("r1", "a", { state: "active", attempts: 1 });
    const server = await serve(store, pageDir());
    const origin = `http://127.0.0.1:${server.port}`;
    const stream = await fetch(`${origin}/api/runs/r1/tasks/a/log?attempt=1`, {
      headers: auth(server),
    });
    setTimeout(() => appendFileSync(log, "second line ✓\n"), 300);
    setTimeout(() => {
      appendFileSync(log, "last line\n");
      master.updateAttempt("r1", "a", 1, { state: "succeeded", finishedAt: Date.now() });
    }, 700);
    const messages = await readEvents(stream, (m) => m.at(-1)?.event === "end");
    const text = messages
      .filter((m) => m.event === "chunk")
      .map((m) => (m.data as LogChunk).text)
      .join("");
    expect(text).toBe("first line\nsecond line ✓\nlast line\n");
    expect(messages.at(-1)?.event).toBe("end");

    const resumed = await fetch(`${origin}/api/runs/r1/tasks/a/log?attempt=1`, {
      headers: { ...auth(server), "last-event-id": String(Buffer.byteLength("first line\n")) },
    });
    const rest = await readEvents(resumed, (m) => m.at(-1)?.event === "end");
    expect(
      rest
        .filter((m) => m.event === "chunk")
        .map((m) => (m.data as LogChunk).text)
        .join(""),
    ).toBe("second line ✓\nlast line\n");
  });
});
