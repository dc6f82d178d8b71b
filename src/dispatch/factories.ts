import type { Agent } from "../core/agent-port.js";
import type { AttemptSpec } from "../core/dispatcher-port.js";
import type { SandboxDriver } from "../core/sandbox-port.js";

export type SandboxFactory = (name: string) => SandboxDriver;
/** Makes the agent an attempt names (`spec.agent`), configured from the attempt's spec. */
export type AgentFactory = (spec: AttemptSpec) => Agent;
