import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";
import { type TempRepo, tempRepo } from "./temp-repo.js";

/** npm settings for tests: no registry, no audit or funding requests. */
export const NPM_ENV = {
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_offline: "true",
};

/** A package tarball made by `npm pack`, to install from a `file:` specifier without a registry. */
export function packTarball(dir: string, name: string, version: string, content: string): string {
  const source = mkdtempSync(path.join(tmpdir(), "armada-pkg-"));
  onTestFinished(() => rmSync(source, { recursive: true, force: true }));
  writeFileSync(
    path.join(source, "package.json"),
    JSON.stringify({ name, version, main: "index.js" }),
  );
  writeFileSync(path.join(source, "index.js"), content);
  mkdirSync(dir, { recursive: true });
  const file = execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], {
    cwd: source,
    encoding: "utf8",
    env: { ...process.env, ...NPM_ENV },
  }).trim();
  return path.join(dir, file);
}

/**
 * A repository holding `files` and an app whose lockfile pins package `x` (exporting
 * `content`) from a tarball in vendor/: `npm ci` installs it with no registry.
 */
export function npmApp(files: Record<string, string>, content: string): TempRepo {
  const repo = tempRepo(files);
  packTarball(path.join(repo.root, "vendor"), "x", "1.0.0", content);
  repo.write(
    "package.json",
    JSON.stringify({
      name: "app",
      version: "1.0.0",
      dependencies: { x: "file:vendor/x-1.0.0.tgz" },
    }),
  );
  execFileSync("npm", ["install", "--package-lock-only", "--silent"], {
    cwd: repo.root,
    env: { ...process.env, ...NPM_ENV },
  });
  repo.commitAll("app");
  return repo;
}
