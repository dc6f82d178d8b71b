import type { Agent, AgentOutcome } from "../../core/agent-port.js";
import { taskPrompt } from "../task-prompt.js";
import type { CliPreset } from "./cli-presets.js";

/**
 * Runs an external coding agent (codex, claude, aider, gemini) headless in the task's sandbox.
 * It is the named exception to "keys never enter a sandbox": it gets the network and the one
 * key it needs, passed explicitly, and nothing else of the master's environment.
 */
export function cliAgent(
  preset: CliPreset,
  model: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): Agent {
  return {
    name: preset.name,
    async run(task, sandbox, ctx): Promise<AgentOutcome> {
      const started = performance.now();
      const fail = (error: string, extra: Partial<AgentOutcome> = {}): AgentOutcome => ({
        ok: false,
        error,
        durationMs: performance.now() - started,
        ...extra,
      });
      const probe = await sandbox.exec(
        ["/bin/sh", "-c", 'command -v "$1" >/dev/null 2>&1', "sh", preset.executable],
        { env: ctx.env, signal: ctx.signal, timeoutMs: 10_000 },
      );
      if (probe.exitCode !== 0) {
        return fail(
          `${preset.executable} is not installed where the sandbox can run it (not on its PATH). Install it with \`${preset.install}\`, or choose another agent with --agent.`,
          { fatal: true },
        );
      }
      const keyName = preset.keyEnv(model).find((name) => env[name]);
      const key = keyName ? env[keyName] : undefined;
      const args = preset.args(taskPrompt(task, ctx, []), model, ctx.files);
      ctx.log(
        `$ ${preset.executable} ${args.map((a) => (a.length > 60 ? `${a.slice(0, 57)}...` : a)).join(" ")}\n${keyName ? `armada: passing ${keyName} to ${preset.name}\n` : ""}`,
      );
      const result = await sandbox.exec([preset.executable, ...args], {
        env: { ...ctx.env, ...(keyName && key ? { [keyName]: key } : {}) },
        network: true,
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        onOutput: ctx.log,
        ...(ctx.onSpawn ? { onSpawn: ctx.onSpawn } : {}),
      });
      if (result.timedOut)
        return fail(`timed out after ${Math.round(ctx.timeoutMs / 1000)}s`, { timedOut: true });
      if (result.aborted) return fail("cancelled");
      if (result.exitCode !== 0)
        return fail(
          `${preset.executable} ${result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`}`,
        );
      return { ok: true, durationMs: performance.now() - started };
    },
  };
}
