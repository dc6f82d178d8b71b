import path from "node:path";

/** Lockfiles (root-level) and the command that installs from each, by ecosystem, first match wins. */
const ECOSYSTEMS: { lockfile: string; command: (files: Set<string>) => string }[][] = [
  [
    { lockfile: "package-lock.json", command: () => "npm ci" },
    { lockfile: "npm-shrinkwrap.json", command: () => "npm ci" },
    { lockfile: "pnpm-lock.yaml", command: () => "pnpm install --frozen-lockfile" },
    {
      lockfile: "yarn.lock",
      // Yarn 2+ (berry) is configured by .yarnrc.yml and spells "frozen" differently.
      command: (files) =>
        files.has(".yarnrc.yml") ? "yarn install --immutable" : "yarn install --frozen-lockfile",
    },
    { lockfile: "bun.lock", command: () => "bun install --frozen-lockfile" },
    { lockfile: "bun.lockb", command: () => "bun install --frozen-lockfile" },
  ],
  [
    // A lockfile of a project manager says more than a requirements file, often exported from it.
    { lockfile: "uv.lock", command: () => "uv sync --frozen" },
    // In the project (.venv), where the layer keeps it, rather than in poetry's cache folder.
    { lockfile: "poetry.lock", command: () => "POETRY_VIRTUALENVS_IN_PROJECT=true poetry install" },
    {
      lockfile: "requirements.txt",
      command: () => "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
    },
  ],
  // Into vendor/bundle, named by .bundle/config: both in the layer, found by `bundle exec`.
  [
    {
      lockfile: "Gemfile.lock",
      command: () => "bundle config set --local path vendor/bundle && bundle install",
    },
  ],
  [{ lockfile: "go.sum", command: () => "go mod download" }],
  [{ lockfile: "Cargo.lock", command: () => "cargo fetch" }],
];

/**
 * The setup commands a user of this repository would run, from the lockfiles at its top
 * (`files` are the base's tracked paths): one per ecosystem, or undefined when none is found.
 */
export function proposeSetup(files: string[]): string[] | undefined {
  const present = new Set(files);
  const commands: string[] = [];
  for (const ecosystem of ECOSYSTEMS) {
    const found = ecosystem.find((entry) => present.has(entry.lockfile));
    if (found) commands.push(found.command(present));
  }
  return commands.length > 0 ? commands : undefined;
}

/** Files an installer reads wherever they are (workspaces have one per package). */
const MANIFESTS = new Set([
  "package.json",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "Cargo.toml",
  "go.mod",
  "Gemfile",
]);

/** Files installers read at the repository's top. */
const TOP = new Set([
  "package-lock.json",
  "npm-shrinkwrap.json",
  "pnpm-lock.yaml",
  "pnpm-workspace.yaml",
  ".pnpmfile.cjs",
  "yarn.lock",
  ".yarnrc",
  ".yarnrc.yml",
  "bun.lock",
  "bun.lockb",
  "bunfig.toml",
  ".npmrc",
  ".nvmrc",
  ".node-version",
  ".tool-versions",
  "uv.lock",
  "poetry.lock",
  "poetry.toml",
  "Pipfile",
  "Pipfile.lock",
  ".python-version",
  "Gemfile.lock",
  ".ruby-version",
  "go.sum",
  "go.work",
  "go.work.sum",
  "Cargo.lock",
  "rust-toolchain",
  "rust-toolchain.toml",
]);

/** Folders whose every file an installer may read: yarn's own release and patches, patch-package's. */
const TOP_DIRS = [".yarn/releases/", ".yarn/patches/", ".yarn/plugins/", "patches/"];

/** `requirements.txt`, `requirements-dev.txt`, `requirements/base.txt`, `constraints.txt`. */
function isRequirements(file: string): boolean {
  const base = path.posix.basename(file);
  return (
    /^(requirements|constraints)([-_.][\w.-]*)?\.(txt|in)$/.test(base) ||
    (file.startsWith("requirements/") && base.endsWith(".txt"))
  );
}

/**
 * Commands whose result depends only on the manifests and lockfiles: installers, and the
 * virtual environment they install into. Any other command (a build step, a code generator)
 * may read any file.
 */
const INSTALLERS = [
  /^npm (ci|install|i)(\s|$)/,
  /^pnpm (install|i)(\s|$)/,
  /^yarn(\s+install)?(\s+-\S+)*$/,
  /^bun install(\s|$)/,
  /^python3? -m venv(\s|$)/,
  /^(\S*\/)?pip3? install(\s|$)/,
  /^(\S*\/)?python3? -m pip install(\s|$)/,
  /^poetry install(\s|$)/,
  /^uv sync(\s|$)/,
  /^pipenv (install|sync)(\s|$)/,
  /^bundle install(\s|$)/,
  /^bundle config set(\s|$)/,
  /^go mod download(\s|$)/,
  /^cargo fetch(\s|$)/,
];

function onlyInstalls(command: string): boolean {
  return (
    command
      .split(/&&|;|\n/)
      // Variables set for one command (`POETRY_VIRTUALENVS_IN_PROJECT=true poetry install`).
      .map((part) => part.trim().replace(/^([A-Za-z_]\w*=\S*\s+)+/, ""))
      .filter(Boolean)
      .every((part) => INSTALLERS.some((installer) => installer.test(part)))
  );
}

/**
 * The tracked files setup reads, which with its commands make its cache key: manifests,
 * lockfiles and the installers' configuration. When a command is not a known installer (a
 * build step, a code generator), it may read anything: every file is an input, so the layer is
 * rebuilt whenever the tree changes.
 */
export function setupInputs(files: string[], commands: string[]): string[] {
  if (!commands.every(onlyInstalls)) return [...files];
  return files.filter(
    (file) =>
      TOP.has(file) ||
      MANIFESTS.has(path.posix.basename(file)) ||
      isRequirements(file) ||
      TOP_DIRS.some((dir) => file.startsWith(dir)),
  );
}
