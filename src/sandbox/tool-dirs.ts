import path from "node:path";

/**
 * Folders under $HOME that hold a toolchain as a whole (a version manager's installs, an npm
 * prefix); a PATH entry inside one brings the whole folder, since its bin/ links into the rest.
 */
const HOME_TOOLCHAINS = [
  ".nvm",
  ".fnm",
  ".volta",
  ".nodenv",
  ".n",
  ".bun",
  ".deno",
  ".rustup",
  ".pyenv",
  ".rbenv",
  ".goenv",
  ".asdf",
  ".sdkman",
  ".dotnet",
  ".npm-global",
  ".npm-packages",
  ".yarn",
  ".local/share/fnm",
  ".local/share/mise",
  ".local/share/pnpm",
  "go",
];

function within(file: string, dir: string): boolean {
  return file === dir || file.startsWith(`${dir}/`);
}

/**
 * The folders a sandbox shows read-only so that the user's commands run there as on their
 * terminal: those on PATH, widened to what their programs need. Under $HOME (otherwise hidden,
 * with .ssh, .aws, .npmrc and the rest) a toolchain's whole folder; elsewhere a `bin` folder's
 * prefix, and a `node_modules/.bin` folder's node_modules.
 */
export function toolDirs(pathEnv: string, home: string | undefined): string[] {
  const found = new Set<string>();
  for (const entry of pathEnv.split(":")) {
    if (!path.isAbsolute(entry)) continue;
    const dir = path.normalize(entry).replace(/\/+$/, "");
    if (home && home !== "/" && within(dir, home)) {
      const rel = path.relative(home, dir);
      if (rel === "") continue;
      const root = HOME_TOOLCHAINS.find((r) => within(rel, r));
      found.add(path.join(home, root ?? rel));
      // npm's global packages and rustup's toolchains live beside the bin folder.
      if (rel === ".local/bin") found.add(path.join(home, ".local/lib"));
      if (rel === ".cargo/bin") found.add(path.join(home, ".rustup"));
    } else if (dir.endsWith("/node_modules/.bin")) {
      found.add(path.dirname(dir));
    } else if (/\/s?bin$/.test(dir) && path.dirname(dir) !== "/") {
      found.add(path.dirname(dir));
    } else if (dir !== "/") {
      found.add(dir);
    }
  }
  return [...found].sort();
}
