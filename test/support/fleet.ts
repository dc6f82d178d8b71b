import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import { spawnArmada, waitFor } from "./run-cli.js";

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Everything the worker printed so far. */
  output(): string;
  /** Lines of its log saying an attempt started: `attempt <job id>: started`. */
  started(): string[];
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

/** An `armada worker` process, stopped (SIGKILL) when the test ends if still running. */
export function startWorkerProcess(
  redisUrl: string,
  name: string,
  extra: string[] = [],
  env: Record<string, string> = {},
): WorkerProcess {
  const cache = mkdtempSync(path.join(tmpdir(), `armada-worker-${name}-`));
  const child = spawnArmada(
    [
      "worker",
      "--redis",
      redisUrl,
      "--name",
      name,
      "--cache",
      cache,
      "--sandbox",
      "worktree",
      "--allow-agents",
      "command",
      "--stall-after",
      "3s",
      ...extra,
    ],
    { cwd: tmpdir(), env },
  );
  let text = "";
  child.stdout?.on("data", (d: Buffer) => {
    text += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    text += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited;
    }
    rmSync(cache, { recursive: true, force: true });
  });
  return {
    name,
    child,
    output: () => text,
    started: () => text.split("\n").filter((l) => / started \(/.test(l)),
    waitForLine: (pattern, timeoutMs = 30_000) =>
      waitFor(
        () => text.split("\n").find((l) => pattern.test(l)),
        timeoutMs,
        `worker ${name} to print ${pattern}\n${text}`,
      ),
    exited,
  };
}

/** `armada worker` processes, once each says it is listening. */
export async function startWorkers(
  redisUrl: string,
  names: string[],
  extra: string[] = [],
): Promise<WorkerProcess[]> {
  const workers = names.map((name) => startWorkerProcess(redisUrl, name, extra));
  await Promise.all(workers.map((w) => w.waitForLine(/on redis:\/\//)));
  return workers;
}

/** `armada run` one task per `*.txt`, on the fleet, without asking; `more` adds flags. */
export function fleetRun(
  objective: string,
  agentCmd: string,
  redisUrl: string,
  ...more: string[]
): string[] {
  return [
    "run",
    objective,
    "--each",
    "*.txt",
    "--agent-cmd",
    agentCmd,
    "--cloud",
    redisUrl,
    ...more,
    "-y",
  ];
}

/** The job ids (`<run>.<task>.<attempt>`) a worker's log says it started. */
export function startedJobs(worker: WorkerProcess): string[] {
  return worker
    .started()
    .map((l) => l.match(/attempt (\S+): started/)?.[1])
    .filter((id): id is string => id !== undefined);
}

export interface MasterProcess {
  /** Everything `armada run` printed so far, stdout and stderr. */
  output(): string;
  exit: Promise<number | null>;
}

/** `armada run ...` in the background, for tests that act while it runs. */
export function startMaster(args: string[], cwd: string): MasterProcess {
  const child = spawnArmada(args, { cwd });
  let text = "";
  child.stdout?.on("data", (d: Buffer) => {
    text += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    text += d.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on("exit", resolve));
  onTestFinished(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exit;
    }
  });
  return { output: () => text, exit };
}
