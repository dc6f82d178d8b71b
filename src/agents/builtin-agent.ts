import type { Agent } from "../core/agent-port.js";
import { UsageError } from "../core/errors.js";
import { RECIPES, recipeNamed } from "../recipes/index.js";
import { execOutcome } from "./exec-outcome.js";

const FAILED = "armada: failed: ";
/** A count the transform reports, as `armada: <name> <number>` alone on a line. */
const METRIC = /^armada: ([a-z][a-z-]*) (\d+)$/;

/**
 * `builtin:<recipe>`: runs one of armada's recipes inside the sandbox. The transform is a
 * script run with the node that runs armada, cwd the sandbox root, the task on its stdin: it
 * reaches the files only through the sandbox, whichever driver made it.
 */
export function builtinAgent(name: string): Agent {
  const recipeName = name.slice("builtin:".length);
  const recipe = recipeNamed(recipeName);
  if (!recipe) {
    throw new UsageError(
      `Unknown built-in agent "${name}". Built-in agents: ${RECIPES.map((r) => `builtin:${r.name}`).join(", ")}.`,
    );
  }
  return {
    name,
    async run(task, sandbox, ctx) {
      let failure: string | undefined;
      const metrics: Record<string, number> = {};
      let pending = "";
      const scan = (chunk: Buffer | string): void => {
        pending += chunk.toString();
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          if (line.startsWith(FAILED)) failure = line.slice(FAILED.length);
          const metric = METRIC.exec(line);
          if (metric?.[1] && metric[2]) metrics[metric[1]] = Number(metric[2]);
        }
      };
      const result = await sandbox.exec([process.execPath, recipe.script], {
        env: ctx.env,
        input: JSON.stringify(recipe.request(task.id, ctx.files)),
        timeoutMs: ctx.timeoutMs,
        signal: ctx.signal,
        onOutput: (chunk) => {
          ctx.log(chunk);
          scan(chunk);
        },
        ...(ctx.onSpawn ? { onSpawn: ctx.onSpawn } : {}),
      });
      const outcome = execOutcome(result, ctx.timeoutMs, `the ${recipe.name} transform`, failure);
      if (!outcome.ok) return outcome;
      return { ...outcome, ...(Object.keys(metrics).length ? { metrics } : {}) };
    },
  };
}
