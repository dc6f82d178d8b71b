import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

export interface TempRepo {
  root: string;
  git(...args: string[]): string;
  write(file: string, content: string): void;
  read(file: string): string;
  commitAll(message?: string): string;
}

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
};

/** A real git repository in a temporary directory, removed when the test ends. */
export function tempRepo(
  files: Record<string, string> = {},
  options: { commit?: boolean } = {},
): TempRepo {
  const root = mkdtempSync(path.join(tmpdir(), "armada-test-"));
  onTestFinished(() => rmSync(root, { recursive: true, force: true }));
  const repo: TempRepo = {
    root,
    git: (...args) =>
      execFileSync("git", args, { cwd: root, env: GIT_ENV, encoding: "utf8" }).trim(),
    write(file, content) {
      const full = path.join(root, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, content);
    },
    read: (file) => readFileSync(path.join(root, file), "utf8"),
    commitAll(message = "commit") {
      repo.git("add", "-A");
      repo.git("commit", "-q", "-m", message);
      return repo.git("rev-parse", "HEAD");
    },
  };
  repo.git("init", "-q", "-b", "main");
  for (const [file, content] of Object.entries(files)) repo.write(file, content);
  if (options.commit !== false && Object.keys(files).length > 0) repo.commitAll("initial");
  return repo;
}
