import type { AgentContext } from "../../core/agent-port.js";
import type { Sandbox } from "../../core/sandbox-port.js";
import { compareVersions } from "./cli-json.js";
import type { CliPreset } from "./cli-preset.js";

/** `command`: what to run, the sandbox's own install first, else the host's, bound in. */
export type VersionCheck =
  | { ok: true; version: string; command: string }
  | { ok: false; error: string };

// One look per CLI and kind of sandbox for the life of the process: every attempt asks.
const seen = new Map<string, Promise<VersionCheck>>();

const MISSING = "armada: no such program";
const PROBE = `p=$(command -v "$1") || p=$2; [ -n "$p" ] && [ -x "$p" ] || { echo "${MISSING}"; exit 127; }; echo "$p"; exec "$p" --version`;

async function look(
  preset: CliPreset,
  hostPath: string | undefined,
  sandbox: Sandbox,
  ctx: AgentContext,
): Promise<VersionCheck> {
  let output = "";
  const argv = ["/bin/sh", "-c", PROBE, "sh", preset.executable, hostPath ?? ""];
  const result = await sandbox.exec(argv, {
    env: ctx.env,
    signal: ctx.signal,
    timeoutMs: 30_000,
    onOutput: (chunk) => {
      output += chunk.toString("utf8");
    },
  });
  if (result.exitCode === 127 && output.startsWith(MISSING)) {
    return {
      ok: false,
      error: `${preset.executable} is not installed where the sandbox can run it (not on its PATH). Install it with \`${preset.install}\`, or choose another agent with --agent.`,
    };
  }
  const [command = preset.executable, ...rest] = output.split("\n");
  output = rest.join("\n");
  const version = preset.parseVersion(output);
  if (result.exitCode !== 0 || !version) {
    return {
      ok: false,
      error: `\`${preset.executable} --version\` ${result.exitCode !== 0 ? `failed (exit ${result.exitCode})` : "printed no version"} in the sandbox: ${output.trim().slice(0, 300) || "no output"}`,
    };
  }
  if (compareVersions(version, preset.minVersion) < 0) {
    return {
      ok: false,
      error: `${preset.executable} ${version} is older than ${preset.minVersion}, the oldest release whose flags armada knows. Update it with \`${preset.install}\`.`,
    };
  }
  return { ok: true, version, command };
}

/** The installed CLI's version as the sandbox sees it, or why it cannot be used. */
export function cliVersion(
  preset: CliPreset,
  hostPath: string | undefined,
  sandbox: Sandbox,
  ctx: AgentContext,
): Promise<VersionCheck> {
  const key = `${preset.executable}@${sandbox.driver}`;
  let check = seen.get(key);
  if (!check) {
    check = look(preset, hostPath, sandbox, ctx);
    seen.set(key, check);
    // A cancelled look says nothing about the CLI: the next attempt looks again.
    check.then(
      (c) => !c.ok && ctx.signal.aborted && seen.delete(key),
      () => seen.delete(key),
    );
  }
  return check;
}
