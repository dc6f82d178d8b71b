import path from "node:path";
import { ToolFailure } from "./tool-failure.js";

/**
 * The repository-relative form of a path a model gave, or a ToolFailure when it points
 * outside the sandbox (absolute elsewhere, `..` past the root) or into `.git`, whose files in a
 * worktree sandbox belong to the user's repository. Symbolic links are checked inside the
 * sandbox by path-guard.sh, since only the sandbox sees its own files.
 */
export function sandboxPath(input: string, root: string, what: "file" | "dir" = "file"): string {
  let given = input.trim();
  if (given === "") throw new ToolFailure("the path is empty.");
  if (path.posix.isAbsolute(given)) {
    const prefix = root.endsWith("/") ? root : `${root}/`;
    if (given !== root && !given.startsWith(prefix)) {
      throw new ToolFailure(
        `${input} is outside the sandbox: refused. Paths are relative to the repository's root, e.g. src/index.ts.`,
      );
    }
    given = given === root ? "." : given.slice(prefix.length);
  }
  const normal = path.posix.normalize(given).replace(/\/+$/, "") || ".";
  if (normal === ".." || normal.startsWith("../")) {
    throw new ToolFailure(
      `${input} leads outside the sandbox: refused. Paths are relative to the repository's root.`,
    );
  }
  if (normal === ".git" || normal.startsWith(".git/")) {
    throw new ToolFailure(`${input} is inside .git, which the tools do not touch: refused.`);
  }
  if (what === "file" && normal === ".")
    throw new ToolFailure(`${input} is a directory, not a file.`);
  return normal;
}
