import type { ToolSet } from "ai";

/**
 * Runs the tool calls of a step one after another, in the order the model wrote them. The SDK
 * starts them all at once, but a model writes "write this file, then run that command" as a
 * sequence: run side by side, a `git rm` can remove the folder a write is creating.
 */
export function oneAtATime<T extends ToolSet>(tools: T): T {
  let chain: Promise<unknown> = Promise.resolve();
  const ordered: ToolSet = {};
  for (const [name, original] of Object.entries(tools)) {
    const execute = original.execute;
    ordered[name] = execute
      ? {
          ...original,
          execute: (input: unknown, options: Parameters<typeof execute>[1]) => {
            const run = chain.then(() => execute(input as never, options));
            chain = run.catch(() => undefined);
            return run;
          },
        }
      : original;
  }
  return ordered as T;
}
