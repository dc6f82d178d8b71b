import { execFileSync } from "node:child_process";
import path from "node:path";

/** The end-to-end tests drive the built CLI, so build it once before any test runs. */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, "..");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: root,
      stdio: "inherit",
    },
  );
  execFileSync(process.execPath, [path.join(root, "scripts/copy-text.mjs")], { stdio: "inherit" });
}
