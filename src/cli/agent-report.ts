import { execFile } from "node:child_process";
import { homedir } from "node:os";
import { promisify } from "node:util";
import type { CliPreset } from "../agents/index.js";

const run = promisify(execFile);

/** What `armada doctor` says of one agent CLI: where it is, its version, auth and endpoint. */
export interface AgentReport {
  agent: string;
  path: string | null;
  version: string | null;
  install: string;
  /** How it will authenticate: `key ANTHROPIC_API_KEY`, `login ~/.claude/.credentials.json`. */
  auth: string | null;
  endpoint: string | null;
  /** Why sub-agents cannot use it as it is set up, and what to do. */
  problem: string | null;
}

async function which(executable: string): Promise<string | undefined> {
  try {
    const { stdout } = await run("/bin/sh", ["-c", 'command -v "$1"', "sh", executable]);
    return stdout.trim() || undefined;
  } catch {
    return undefined;
  }
}

export async function agentReport(preset: CliPreset): Promise<AgentReport> {
  const found = await which(preset.executable);
  const base = { agent: preset.name, install: preset.install };
  if (!found) {
    return { ...base, path: null, version: null, auth: null, endpoint: null, problem: null };
  }
  const output = await run(found, ["--version"], { timeout: 15_000 }).then(
    ({ stdout, stderr }) => `${stdout}${stderr}`,
    (error: { message?: string }) => `failed: ${error.message ?? "unknown error"}`,
  );
  const home = process.env.HOME ?? homedir();
  const auth = preset.auth(process.env, home, Date.now());
  return {
    ...base,
    path: found,
    version: preset.parseVersion(output) ?? null,
    auth: auth.kind === "none" ? null : `${auth.kind} ${auth.source}`,
    endpoint: preset.endpoint(process.env, home) || null,
    problem: auth.refusal ?? null,
  };
}

/** Lines for the terminal: one per CLI, what is found, then what to fix. */
export function agentLines(reports: AgentReport[]): string[] {
  const lines = ["Agent CLIs:"];
  for (const r of reports) {
    if (!r.path) {
      lines.push(`  ${r.agent}: not installed (${r.install})`);
      continue;
    }
    lines.push(
      `  ${r.agent} ${r.version ?? "(version unknown)"} ${r.problem ? "✗" : "✓"} ${r.path}`,
      `    auth: ${r.auth ?? "none"} · endpoint: ${r.endpoint ?? "unknown"}`,
    );
    if (r.problem) lines.push(`    problem: ${r.problem}`);
  }
  return lines;
}
