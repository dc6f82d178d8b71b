import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { GIT_ENV } from "./git-env.js";

export interface GeneratedRepo {
  root: string;
  /** Removes the repository and everything armada wrote into it. */
  dispose(): void;
}

/**
 * `src/f000.js`, `src/f001.js`, ...: as many digits as the count needs, at least three; with
 * `perFolder`, in folders of that many (`src/d00/f000.js`).
 */
function fileName(i: number, count: number, perFolder: number | undefined): string {
  const digits = Math.max(3, String(count - 1).length);
  const file = `f${String(i).padStart(digits, "0")}.js`;
  if (!perFolder) return `src/${file}`;
  const folders = Math.ceil(count / perFolder);
  const folder = `d${String(Math.floor(i / perFolder)).padStart(Math.max(2, String(folders - 1).length), "0")}`;
  return `src/${folder}/${file}`;
}

/**
 * A git repository in a temporary directory holding `count` small JavaScript files under src/
 * (in folders of `perFolder` when given), committed on branch main, in `parent` (the temporary
 * folder unless given).
 */
export function generatedRepo(count: number, parent = tmpdir(), perFolder?: number): GeneratedRepo {
  const root = mkdtempSync(path.join(parent, "armada-bench-"));
  const git = (...args: string[]): void => {
    execFileSync("git", args, { cwd: root, env: GIT_ENV, stdio: "ignore" });
  };
  try {
    for (let i = 0; i < count; i++) {
      const file = path.join(root, fileName(i, count, perFolder));
      if (i % (perFolder ?? count) === 0) mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `export function f${i}(x) {\n  return x + ${i};\n}\n`);
    }
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", `${count} files`);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { root, dispose: () => rmSync(root, { recursive: true, force: true }) };
}
