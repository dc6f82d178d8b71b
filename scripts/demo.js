// The main job on the shipped example: copy examples/js-app into a fresh git repository and
// let armada convert it from JavaScript to strict TypeScript, offline, with the built-in recipe.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const target = process.argv[2]
  ? path.resolve(process.argv[2])
  : mkdtempSync(path.join(tmpdir(), "armada-demo-"));
cpSync(path.join(root, "examples", "js-app"), target, { recursive: true });
const git = (...args) => execFileSync("git", args, { cwd: target, stdio: "ignore" });
git("init", "-q", "-b", "main");
git("add", "-A");
git(
  "-c",
  "user.name=Armada demo",
  "-c",
  "user.email=demo@localhost",
  "commit",
  "-q",
  "-m",
  "The example app, in JavaScript",
);
console.log(`Example repository: ${target}\n`);
const objective = "Convert all JavaScript files to TypeScript with strict mode";
const result = spawnSync(
  process.execPath,
  [path.join(root, "dist/cli/main.js"), "run", objective, "--yes", "--repo", target],
  {
    stdio: "inherit",
  },
);
console.log(`\nLook at the result: cd ${target} && git status && git diff`);
process.exit(result.status ?? 1);
