import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { UsageError } from "../core/index.js";
import type { WebServer } from "../web/index.js";
import { applyRun } from "./apply-command.js";
import { cancelRun, cancelTask } from "./cancel-command.js";
import { type Context, openContext, resolveRun } from "./context.js";
import { eventText } from "./event-line.js";
import { diffTextIn } from "./live-view.js";
import { retryTask } from "./retry-command.js";

export interface WebFlags {
  port?: string;
  host?: string;
  open?: boolean;
}

const LOOPBACK = ["127.0.0.1", "localhost", "::1"];

/** The page `npm run build` bundles beside the server's code. */
const PAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../web/page");

function portOf(raw: string | undefined): number {
  if (raw === undefined) return 0;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(
      `--port must be a port number from 0 to 65535 (0 picks a free one), not "${raw}".`,
    );
  return port;
}

function openBrowser(url: string): void {
  const opener =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(opener, [url], { detached: true, stdio: "ignore" });
  child.on("error", () =>
    process.stderr.write(
      `armada web: could not start ${opener} to open the page; open the URL yourself.\n`,
    ),
  );
  child.unref();
}

/**
 * Serves the web dashboard of the repository's runs from this process. Its buttons act as
 * the CLI's commands do, without waiting for the master: the page shows what follows.
 */
export async function serveWeb(ctx: Context, flags: WebFlags): Promise<WebServer> {
  const host = flags.host ?? "127.0.0.1";
  const { startWebServer } = await import("../web/index.js");
  const server = await startWebServer({
    store: ctx.store,
    host,
    port: portOf(flags.port),
    pageDir: PAGE_DIR,
    diffText: diffTextIn(ctx),
    describeEvent: eventText,
    actions: {
      cancelRun: (runId) => cancelRun(ctx, resolveRun(ctx.store, runId), 0),
      cancelTask: (runId, taskId) => cancelTask(ctx, resolveRun(ctx.store, runId), taskId, 0),
      retryTask: (runId, taskId) => retryTask(ctx, resolveRun(ctx.store, runId), taskId),
      apply: async (runId, merge) =>
        (await applyRun(ctx, resolveRun(ctx.store, runId), { merge, allowMarkers: [] })).join("\n"),
    },
  }).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE")
      throw new UsageError(
        `Port ${flags.port} on ${host} is taken; pick another with --port, or leave it out for a free one.`,
      );
    if (code === "EADDRNOTAVAIL")
      throw new UsageError(
        `This machine has no address ${host} to listen on; --host takes one of its own addresses (0.0.0.0 for all).`,
      );
    throw error;
  });
  process.stdout.write(`Web dashboard: ${server.url}\n`);
  if (!LOOPBACK.includes(host)) {
    process.stdout.write(
      `Listening on ${host}, not only this machine: anyone who can reach it and has the URL with its token can cancel and retry tasks and apply results to this working tree.\n`,
    );
  }
  if (flags.open) openBrowser(server.url);
  return server;
}

function webOptions(command: Command): Command {
  return command
    .option("--port <n>", "the web dashboard's port (default: a free one)")
    .option(
      "--host <addr>",
      "listen on this address instead of 127.0.0.1 (see the warning it prints)",
    )
    .option("--open", "open the page in the browser");
}

export function registerWeb(program: Command): void {
  webOptions(
    program
      .command("web")
      .description(
        "serve a live web dashboard of this repository's runs, on 127.0.0.1 with a token",
      )
      .option("--repo <dir>", "the repository (default: the current directory's)"),
  ).action(async (flags: WebFlags & { repo?: string }) => {
    const ctx = await openContext(flags.repo);
    const server = await serveWeb(ctx, flags);
    process.stdout.write("Ctrl-C stops it.\n");
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    await server.close();
    ctx.store.close();
  });
}
