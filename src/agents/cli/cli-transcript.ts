import { writeFileSync } from "node:fs";
import { addUsage, NO_USAGE, type Usage } from "../../core/usage.js";
import type { CliEvent } from "./cli-preset.js";

type Part =
  | { type: "text"; text: string }
  | { type: "tool-call"; toolName: string; input: unknown }
  | {
      type: "tool-result";
      toolName: string;
      output: { type: "text" | "error-text"; value: string };
    };

interface Message {
  role: "assistant" | "tool";
  content: Part[];
}

/**
 * What an agent CLI did, kept in the shape of the llm agent's transcript (so `armada logs
 * --transcript` reads both), and the tokens it reported: its own session total when it gives
 * one, otherwise the sum of its turns.
 */
export function cliTranscript(cli: string, version: string, task: string, attempt: number) {
  const messages: Message[] = [];
  const names = new Map<string, string>();
  // The first turn's cost starts the sum: a CLI that prices each turn (opencode) keeps its cost.
  let turns: Usage | undefined;
  let total: Usage | undefined;
  const usage = (): Usage => total ?? turns ?? { ...NO_USAGE, costUsd: undefined };
  const last = (role: Message["role"]): Message => {
    const tail = messages.at(-1);
    if (tail?.role === role) return tail;
    const message: Message = { role, content: [] };
    messages.push(message);
    return message;
  };
  return {
    add(event: CliEvent): void {
      switch (event.kind) {
        case "text":
          last("assistant").content.push({ type: "text", text: event.text });
          break;
        case "tool-call":
          names.set(event.id, event.name);
          last("assistant").content.push({
            type: "tool-call",
            toolName: event.name,
            input: event.input,
          });
          break;
        case "tool-result":
          last("tool").content.push({
            type: "tool-result",
            toolName: names.get(event.id) ?? "tool",
            output: { type: event.error ? "error-text" : "text", value: event.output },
          });
          break;
        case "usage":
          if (event.total) total = event.usage;
          else turns = turns ? addUsage(turns, event.usage) : event.usage;
          break;
        default:
          break;
      }
    },
    usage,
    save(file: string, outcome: string): void {
      writeFileSync(
        file,
        JSON.stringify({
          model: `${cli} ${version}`,
          task,
          attempt,
          system: `(${cli}'s own system prompt)`,
          messages,
          usage: usage(),
          outcome,
        }),
      );
    },
  };
}
