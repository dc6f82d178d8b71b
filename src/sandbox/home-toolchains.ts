import path from "node:path";

/**
 * Folders under $HOME that hold a toolchain as a whole (a version manager's installs); a
 * PATH entry inside one brings the whole folder, since its bin/ links into the rest.
 */
const TOOLCHAIN_ROOTS = [
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
  ".local/share/fnm",
  ".local/share/mise",
  ".local/share/pnpm",
  "go",
];

/**
 * The folders of $HOME that a sandbox sees read-only, the rest of $HOME being hidden: those on
 * PATH (a toolchain's whole folder when PATH points inside one), so that the user's node,
 * cargo or python run in the sandbox too. Secrets (.ssh, .aws, .npmrc, .gitconfig) stay out.
 */
export function homeToolchains(pathEnv: string, home: string): string[] {
  if (!home || home === "/") return [];
  const found = new Set<string>();
  for (const entry of pathEnv.split(":")) {
    if (!path.isAbsolute(entry)) continue;
    const rel = path.relative(home, path.normalize(entry));
    if (rel === "" || rel.startsWith("..")) continue;
    const root = TOOLCHAIN_ROOTS.find((r) => rel === r || rel.startsWith(`${r}/`));
    found.add(path.join(home, root ?? rel));
    // rustup's proxies in ~/.cargo/bin run the toolchains in ~/.rustup.
    if (rel === ".cargo/bin") found.add(path.join(home, ".rustup"));
  }
  return [...found].sort();
}
