import { AGENTS } from "../agents/index.js";
import type { AttemptSpec } from "../core/dispatcher-port.js";
import { UsageError } from "../core/errors.js";
import { RECIPES } from "../recipes/index.js";

/** Without --allow-agents a worker runs the built-in recipes only: no command named on the queue. */
export const DEFAULT_ALLOWED_AGENTS = ["builtin"];

const KNOWN = [...AGENTS, "builtin", ...RECIPES.map((r) => `builtin:${r.name}`)];

/** `--allow-agents a,b`, checked against the agents armada knows. */
export function parseAllowedAgents(value: string | undefined): string[] {
  if (value === undefined) return DEFAULT_ALLOWED_AGENTS;
  const names = [
    ...new Set(
      value
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean),
    ),
  ];
  const unknown = names.filter((n) => !(KNOWN as string[]).includes(n));
  if (names.length === 0 || unknown.length > 0) {
    throw new UsageError(
      `--allow-agents takes a comma-separated list of agents this worker may run, from ${KNOWN.join(", ")} ("builtin" allows every built-in recipe)${unknown.length > 0 ? `; ${unknown.map((u) => `"${u}"`).join(", ")} is not one` : ""}.`,
    );
  }
  return names;
}

export function allows(allowed: string[], agent: string): boolean {
  return allowed.includes(agent) || (agent.startsWith("builtin:") && allowed.includes("builtin"));
}

/**
 * Why this worker must not run the attempt, or undefined. A task's checks are shell commands,
 * so they need the command agent allowed too.
 */
export function refusalOf(spec: AttemptSpec, allowed: string[]): string | undefined {
  if (!allows(allowed, spec.agent)) {
    return `it runs the ${spec.agent} agent, which this worker was not started to allow (--allow-agents ${allowed.join(",")}); start a worker with --allow-agents ${[...allowed, spec.agent].join(",")}`;
  }
  if (spec.task.checks.length > 0 && !allows(allowed, "command")) {
    return `its checks are shell commands, which this worker was not started to allow (--allow-agents ${allowed.join(",")}); start a worker with --allow-agents ${[...allowed, "command"].join(",")}`;
  }
  return undefined;
}
