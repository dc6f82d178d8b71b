import { execFileSync } from "node:child_process";
import path from "node:path";

/** The end-to-end tests drive the built CLI, so build it once before any test runs. */
export default function setup(): void {
  execFileSync("npm", ["run", "--silent", "build"], {
    cwd: path.resolve(import.meta.dirname, ".."),
    stdio: "inherit",
  });
}
