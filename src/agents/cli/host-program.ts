import { accessSync, constants, realpathSync } from "node:fs";
import path from "node:path";

/** Where an agent CLI is installed on the user's machine, as a sandbox without it needs it. */
export interface HostProgram {
  /** The executable as found on PATH (a link into its package, for npm installs). */
  path: string;
  /**
   * The folder holding it and everything it loads: for an npm install, the `node_modules`
   * folder its package is in (its binary comes in a sibling package); else its own folder.
   */
  dir: string;
}

/** Finds `executable` on `pathEnv` the way a shell would; undefined when it is not there. */
export function hostProgram(executable: string, pathEnv: string): HostProgram | undefined {
  for (const entry of pathEnv.split(":")) {
    if (!path.isAbsolute(entry)) continue;
    const candidate = path.join(entry, executable);
    try {
      accessSync(candidate, constants.X_OK);
    } catch {
      continue;
    }
    const real = realpathSync(candidate);
    const parts = real.split(path.sep);
    const modules = parts.lastIndexOf("node_modules");
    const dir = modules > 0 ? parts.slice(0, modules + 1).join(path.sep) : path.dirname(real);
    const linkModules = candidate.split(path.sep).lastIndexOf("node_modules");
    // `node_modules/.bin/x` links into its own node_modules: the link must resolve in there.
    const linkDir =
      linkModules > 0
        ? candidate
            .split(path.sep)
            .slice(0, linkModules + 1)
            .join(path.sep)
        : dir;
    return { path: linkDir === dir ? candidate : real, dir };
  }
  return undefined;
}
