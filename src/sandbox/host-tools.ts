import { accessSync, constants } from "node:fs";
import path from "node:path";

const SYSTEM_DIRS = ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/local/sbin"];

/**
 * The absolute path of a program, looked up on PATH and in the system folders (mount tools
 * live in sbin, which a user's PATH often lacks). Absolute paths keep a sandbox's own PATH
 * from choosing what armada runs.
 */
export function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(":").filter(Boolean), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (path.isAbsolute(candidate)) return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}
