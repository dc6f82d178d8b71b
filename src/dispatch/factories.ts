import type { Agent } from "../core/agent-port.js";
import type { SandboxDriver } from "../core/sandbox-port.js";

export type SandboxFactory = (name: string) => SandboxDriver;
export type AgentFactory = (name: string, agentCommand: string | undefined) => Agent;
