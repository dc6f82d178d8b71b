import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export const CLI = path.resolve(import.meta.dirname, "../../dist/cli/main.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built `armada` CLI as a user would, without a terminal. */
export function armada(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnArmada(args, options);
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`armada ${args.join(" ")} did not finish in time\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 50_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

export function spawnArmada(
  args: string[],
  options: { cwd: string; env?: Record<string, string> },
): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

export async function statusJson(cwd: string, run?: string): Promise<StatusJson> {
  const result = await armada(["status", ...(run ? [run] : []), "--json"], { cwd });
  if (result.code !== 0) throw new Error(`status failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as StatusJson;
}

export interface UsageJson {
  inputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface StatusJson {
  run: {
    id: string;
    objective: string;
    state: string;
    masterAlive: boolean;
    masterPid: number | null;
    metrics: Record<string, number>;
    counts: Record<"queued" | "active" | "completed" | "failed" | "blocked" | "cancelled", number>;
    base: string;
    result: string;
    checksState: string | null;
    regressions: {
      culprits: {
        taskId: string;
        position: number;
        of: number;
        checks: string[];
        partner?: string;
        probes: number;
      }[];
      flaky: string[];
      verified: { commit: string; merges: number } | null;
    };
    applyState: string | null;
    error: string | null;
    usage: { total: UsageJson | null; planning: UsageJson | null; budgetUsd: number | null };
  };
  tasks: {
    id: string;
    title: string;
    state: string;
    attempts: number;
    merge: string;
    conflicts: string[];
    error: string | null;
    result: string | null;
    changed: string[];
    outOfScope: string[];
    usage: UsageJson | null;
    /** The fleet worker of the latest attempt, on runs with --cloud. */
    worker: string | null;
    lastAttempt: { n: number; durationMs: number | null; agentMs: number | null } | null;
  }[];
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
