// Copies the text files that live beside the code (prompts, tool descriptions, shell snippets, plain-JavaScript helpers)
// into dist/.
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";

const src = path.resolve(import.meta.dirname, "../src");
const dist = path.resolve(import.meta.dirname, "../dist");
for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(txt|sh|mjs)$/.test(entry.name)) continue;
  const from = path.join(entry.parentPath, entry.name);
  cpSync(from, path.join(dist, path.relative(src, from)));
}
