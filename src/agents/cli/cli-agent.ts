import { existsSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import type { Agent, AgentOutcome } from "../../core/agent-port.js";
import type { Sandbox } from "../../core/sandbox-port.js";
import type { Usage } from "../../core/usage.js";
import { costOf, parseModelSpec, priceOf, type RateLimiter } from "../../models/index.js";
import { taskPrompt } from "../task-prompt.js";
import type { CliEvent, CliPreset } from "./cli-preset.js";
import { cliTranscript } from "./cli-transcript.js";
import { cliVersion } from "./cli-version.js";
import { hostProgram } from "./host-program.js";
import { jsonLines } from "./json-lines.js";
import { pacer } from "./pacer.js";
import { unknownFlag } from "./unknown-flag.js";

/** Connection failures tolerated before the CLI's first answer, before the run is told. */
const UNREACHABLE_RETRIES = 2;

export interface CliAgentOptions {
  /** `provider:model`; the CLI is given the model id. */
  model?: string | undefined;
  host?: NodeJS.ProcessEnv;
  home?: string;
  /** The provider's shared rate limiter (`--rpm`, `--tpm`), when one applies. */
  limiter?: ((provider: string) => RateLimiter | undefined) | undefined;
}

/** The host and port of an API's URL, as its client names them to a proxy. */
function endpointAddress(endpoint: string): { host: string; port: number }[] {
  try {
    const url = new URL(endpoint);
    const port = url.port ? Number(url.port) : url.protocol === "http:" ? 80 : 443;
    return [{ host: url.hostname.replace(/^\[|\]$/g, ""), port }];
  } catch {
    return [];
  }
}

/** An argument as the log shows it: on one line, a long prompt cut short. */
function shownArg(arg: string): string {
  const line = arg.replace(/\n/g, "\\n");
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

function isolates(sandbox: Sandbox): boolean {
  return sandbox.driver !== "worktree";
}

/** The CLI's own cost when it says one, else the model's price when armada knows it. */
function priced(usage: Usage, model: string | undefined): Usage {
  if (usage.costUsd !== undefined || !model) return usage;
  const price = priceOf(parseModelSpec(model));
  return price ? { ...usage, costUsd: costOf(price, { ...usage, cachedInputTokens: 0 }) } : usage;
}

/**
 * Runs an agent CLI (claude, codex, gemini, opencode, ...) headless in the task's sandbox. It
 * is the named exception to "keys never enter a sandbox": it gets its own key, endpoint and
 * configuration files as its preset names them, and nothing else of the user's. Its
 * structured output becomes readable log lines, a transcript, usage and cost; a refused key or
 * an endpoint that does not answer ends the attempt at once, as fatal, with the CLI's words.
 */
export function cliAgent(preset: CliPreset, options: CliAgentOptions = {}): Agent {
  const host = options.host ?? process.env;
  const home = options.home ?? host.HOME ?? homedir();
  const program = hostProgram(preset.executable, host.PATH ?? "");
  return {
    name: preset.name,
    programDirs: program ? [program.dir] : [],
    homeFiles: preset.homeFiles
      .map((file) => path.join(home, file))
      .filter((file) => existsSync(file)),
    async run(task, sandbox, ctx): Promise<AgentOutcome> {
      const started = performance.now();
      const fail = (error: string, extra: Partial<AgentOutcome> = {}): AgentOutcome => ({
        ok: false,
        error,
        durationMs: performance.now() - started,
        ...extra,
      });
      const found = await cliVersion(preset, program?.path, sandbox, ctx);
      if (!found.ok) return fail(found.error, { fatal: true });
      const model = options.model ? parseModelSpec(options.model) : undefined;
      const auth = preset.auth(host, home, Date.now(), model);
      if (auth.refusal) return fail(auth.refusal, { fatal: true });
      const endpoint = preset.endpoint(host, home, model);
      const passed = { ...preset.env(host, home), ...auth.env };
      const args = preset.args({
        prompt: taskPrompt(task, ctx, []),
        model,
        files: ctx.files,
        version: found.version,
        isolated: isolates(sandbox),
      });
      const fixed = Object.entries(preset.fixedEnv)
        .map(([name, value]) => `${name}=${value}`)
        .join(" ");
      ctx.log(
        `$ ${preset.executable} ${args.map(shownArg).join(" ")}\narmada: ${preset.name} ${found.version}, endpoint ${endpoint}, auth ${auth.kind} (${auth.source}); passing ${Object.keys(passed).sort().join(", ") || "no variables"}${fixed ? `; setting ${fixed}` : ""}\n`,
      );
      const transcript = cliTranscript(preset.name, found.version, task.id, ctx.attempt);
      const pace = pacer(options.limiter?.(preset.provider(host, home, model)), ctx);
      if (!(await pace.first())) return fail("cancelled");
      const stop = new AbortController();
      let fatal: string | undefined;
      let failure: string | undefined;
      let answered = false;
      let unreachable = 0;
      const relative = (line: string): string => line.split(`${sandbox.root}/`).join("");
      let said = "";
      /** An answer that arrived in pieces, logged and kept once whole. */
      const flush = (): void => {
        if (!said) return;
        transcript.add({ kind: "text", text: said });
        ctx.log(`${said.trim()}\n`);
        said = "";
      };
      const handle = (events: CliEvent[]): void => {
        for (const event of events) {
          if (event.kind === "text" && event.delta) {
            said += event.text;
            continue;
          }
          if (event.kind !== "api-ok") flush();
          transcript.add(event);
          switch (event.kind) {
            case "api-ok":
              if (!answered) ctx.onAnswered?.();
              answered = true;
              break;
            case "text":
              ctx.log(`${event.text.trim()}\n`);
              break;
            case "tool-call":
              ctx.log(`→ ${relative(event.summary)}\n`);
              break;
            case "tool-result":
              if (event.error) ctx.log(`← ${relative(event.output.split("\n")[0] ?? "")}\n`);
              break;
            case "api-retry": {
              ctx.log(
                `armada: ${preset.name} retries: ${event.status ?? "no answer"} ${event.message}\n`,
              );
              if (event.status === 429) pace.throttled();
              if (answered) break;
              if (event.status === 401 || event.status === 403)
                fatal = `${preset.name}'s API at ${endpoint} refused its credentials (${auth.source}): HTTP ${event.status} ${event.message}. Check the key or log in again; every task would fail the same way.`;
              // Through armada's proxy, an endpoint that does not answer is the proxy's 502.
              else if (
                (event.status === null || event.status === 502) &&
                ++unreachable > UNREACHABLE_RETRIES
              )
                fatal = `${preset.name} cannot reach its API at ${endpoint} (${event.status === 502 ? "the proxy could not connect to it" : event.message}). Check the endpoint and that it is up; every task would fail the same way.`;
              if (fatal) stop.abort();
              break;
            }
            case "error":
              failure = event.message;
              // A refusal read from the same report (an api-retry before it) says more.
              if (!answered)
                fatal ??= `${preset.name} stopped before its first answer: ${event.message}`;
              break;
            case "model-call":
              pace.called(event);
              break;
            case "usage":
              break;
          }
        }
      };
      const lines = jsonLines(
        (value) => handle(preset.parse(value)),
        (text) => {
          ctx.log(text);
          const flag = answered ? undefined : unknownFlag(text);
          if (flag) {
            fatal ??= `${preset.name} ${found.version} does not take ${flag}, which armada passes it (it said: ${text.trim()}). Set the arguments in armada's configuration (agents.${preset.name}.args), or install a release armada's preset knows.`;
            stop.abort();
          }
          handle(preset.parseText?.(text) ?? []);
        },
      );
      const route = await sandbox.openEgress(endpointAddress(endpoint), (host, port) =>
        ctx.log(
          `armada: refused ${preset.name}'s connection to ${host}:${port}: its sandbox reaches only ${endpoint} (--network opens everything)\n`,
        ),
      );
      const result = await sandbox
        .exec([found.command, ...args], {
          env: { ...ctx.env, ...passed, ...preset.fixedEnv, ...route.env },
          timeoutMs: ctx.timeoutMs,
          signal: AbortSignal.any([ctx.signal, stop.signal]),
          onOutput: (chunk) => lines.push(chunk),
          onSpawn: (pgid) => {
            pace.spawned(pgid);
            ctx.onSpawn?.(pgid);
          },
        })
        .finally(() => route.close());
      lines.end();
      flush();
      const usage = priced(transcript.usage(), options.model);
      pace.end(usage.inputTokens + usage.outputTokens);
      const outcome = (value: AgentOutcome): AgentOutcome => {
        transcript.save(ctx.transcriptPath, value.ok ? "succeeded" : (value.error ?? "failed"));
        return { ...value, usage };
      };
      if (fatal) return outcome(fail(fatal, { fatal: true }));
      if (result.timedOut)
        return outcome(
          fail(`timed out after ${Math.round(ctx.timeoutMs / 1000)}s`, { timedOut: true }),
        );
      if (result.aborted) return outcome(fail("cancelled"));
      if (failure) return outcome(fail(`${preset.name}: ${failure}`));
      if (result.exitCode !== 0)
        return outcome(
          fail(
            `${preset.executable} ${result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`}`,
          ),
        );
      return outcome({ ok: true, durationMs: performance.now() - started });
    },
  };
}
