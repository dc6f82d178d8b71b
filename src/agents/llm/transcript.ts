import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ModelMessage } from "ai";
import type { Usage } from "../../core/usage.js";

export interface Transcript {
  model: string;
  task: string;
  attempt: number;
  system: string;
  messages: ModelMessage[];
  usage: Usage;
  /** How the attempt ended; absent while it runs. */
  outcome?: string | undefined;
}

/**
 * Writes the attempt's full message history; called after every step, so a crash or a kill
 * leaves what happened so far. `armada logs <run> <task> --transcript` prints it.
 */
export function saveTranscript(file: string, transcript: Transcript): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
}
