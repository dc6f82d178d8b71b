import { createRequire } from "node:module";
import { shellQuote } from "../../agents/shell-quote.js";

/**
 * The run-level check of a js-to-ts plan: armada's own TypeScript compiler, run with the node
 * that runs armada, because sandboxes have no network and often no node_modules for `npx tsc`.
 */
export function tscCheckCommand(): string {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  return [process.execPath, tsc, "--noEmit", "-p", "tsconfig.json"].map(shellQuote).join(" ");
}
