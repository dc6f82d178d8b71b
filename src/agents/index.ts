import type { Agent } from "../core/agent-port.js";
import { UsageError } from "../core/errors.js";
import { RECIPES } from "../recipes/index.js";
import { builtinAgent } from "./builtin-agent.js";
import { commandAgent } from "./command-agent.js";

export { renderCommand } from "./command-agent.js";
export { shellQuote } from "./shell-quote.js";

export const AGENTS = ["command"] as const;

export interface AgentSettings {
  agentCommand?: string | undefined;
}

export function createAgent(name: string, settings: AgentSettings): Agent {
  if (name.startsWith("builtin:")) return builtinAgent(name);
  switch (name) {
    case "command":
      return commandAgent(settings.agentCommand);
    default:
      throw new UsageError(
        `Unknown agent "${name}". Available agents: ${[...AGENTS, ...RECIPES.map((r) => `builtin:${r.name}`)].join(", ")}. Pick one with --agent, or per task with "agent:" in the plan.`,
      );
  }
}
