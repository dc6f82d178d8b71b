import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { onTestFinished } from "vitest";
import { spawnArmada, waitFor } from "./run-cli.js";

/** Debian's chromium, which `.ci/run` installs; playwright-core downloads no browser. */
export const CHROMIUM = process.env.ARMADA_CHROMIUM ?? "/usr/bin/chromium";

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `no chromium at ${CHROMIUM} (apt-get install chromium, or set ARMADA_CHROMIUM)`;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

export interface WebProcess {
  child: ChildProcess;
  /** The printed URL, token included. */
  url: string;
  origin: string;
  output(): string;
}

/** Starts an armada command that serves the dashboard and waits for the URL it prints. */
export async function startWeb(args: string[], cwd: string): Promise<WebProcess> {
  const child = spawnArmada(args, { cwd });
  let out = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  onTestFinished(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  const url = await waitFor(
    () => /Web dashboard: (http:\/\/\S+)/.exec(out)?.[1],
    30_000,
    `the dashboard's URL from armada ${args.join(" ")}; it printed:\n${out}`,
  );
  return { child, url, origin: new URL(url).origin, output: () => out };
}
