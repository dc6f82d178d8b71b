// Prompts, tool descriptions and shell snippets live beside the code that reads them
// (src/**/*.txt, src/**/*.sh); tsc does not copy them, so the build does.
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
for (const entry of readdirSync(path.join(root, "src"), { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.(txt|sh)$/.test(entry.name)) continue;
  const from = path.join(entry.parentPath, entry.name);
  const to = path.join(root, "dist", path.relative(path.join(root, "src"), from));
  cpSync(from, to);
}
