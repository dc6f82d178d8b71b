import type { Sandbox } from "../../core/sandbox-port.js";

/** What the llm agent's tools need: the sandbox they act in, and the bounds they keep. */
export interface ToolContext {
  sandbox: Sandbox;
  /** The environment of commands in the sandbox: scrubbed, never holding the model's key. */
  env: Record<string, string>;
  signal: AbortSignal;
  /** The longest a run_command may take. */
  commandTimeoutMs: number;
  /** Bytes of a file read_file returns at once; lowered after the model's context overflowed. */
  limits: { readBytes: number };
  log: (text: string) => void;
}

/** What file operations may take: they are quick or something is wrong. */
export const FILE_OP_TIMEOUT_MS = 30_000;
