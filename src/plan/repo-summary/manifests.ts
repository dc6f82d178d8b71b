import { readBlobs } from "./read-blobs.js";
import type { TreeFile } from "./read-tree.js";

const MANIFEST_NAMES = new Set([
  "package.json",
  "pyproject.toml",
  "setup.py",
  "setup.cfg",
  "requirements.txt",
  "Cargo.toml",
  "go.mod",
  "pom.xml",
  "build.gradle",
  "build.gradle.kts",
  "Gemfile",
  "composer.json",
  "Makefile",
  "justfile",
  "deno.json",
  "tsconfig.json",
]);
const CONVENTION_NAMES = ["AGENTS.md", "CLAUDE.md", "CONTRIBUTING.md", "README.md"];
const LOCKFILES: Record<string, string> = {
  "package-lock.json": "npm",
  "pnpm-lock.yaml": "pnpm",
  "yarn.lock": "yarn",
  "bun.lockb": "bun",
  "bun.lock": "bun",
  "poetry.lock": "poetry",
  "uv.lock": "uv",
  "Cargo.lock": "cargo",
};
const MAX_MANIFESTS = 40;
const MAX_SCRIPTS = 25;

export interface ProjectFacts {
  /** One paragraph per manifest: what the planner uses to pick checks. */
  manifests: string[];
  /** The beginning of the repository's own guidance for contributors. */
  conventions: string[];
  packageManagers: string[];
  /** The root tsconfig.json/jsconfig.json, for path aliases. */
  tsconfig: string | undefined;
}

function baseName(file: string): string {
  return file.slice(file.lastIndexOf("/") + 1);
}

function depth(file: string): number {
  return file.split("/").length;
}

function cut(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function describePackageJson(file: string, text: string): string {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return `${file}: (does not parse as JSON)`;
  }
  const parts: string[] = [];
  if (typeof pkg.name === "string") parts.push(`name ${pkg.name}`);
  if (pkg.type === "module") parts.push("ESM (type: module)");
  if (pkg.workspaces) parts.push(`workspaces ${cut(JSON.stringify(pkg.workspaces), 120)}`);
  const scripts = Object.entries((pkg.scripts ?? {}) as Record<string, string>);
  if (scripts.length)
    parts.push(
      `scripts: ${scripts
        .slice(0, MAX_SCRIPTS)
        .map(([name, command]) => `${name} = ${cut(String(command), 100)}`)
        .join(
          "; ",
        )}${scripts.length > MAX_SCRIPTS ? `; ... ${scripts.length - MAX_SCRIPTS} more` : ""}`,
    );
  for (const key of ["dependencies", "devDependencies"]) {
    const names = Object.keys((pkg[key] ?? {}) as Record<string, string>);
    if (names.length) parts.push(`${key}: ${cut(names.join(", "), 400)}`);
  }
  return `${file}: ${parts.join(" · ")}`;
}

function describeOther(file: string, text: string): string {
  if (baseName(file) === "Makefile" || baseName(file) === "justfile") {
    const targets = [...text.matchAll(/^([A-Za-z0-9_.-]+)\s*:(?!=)/gm)].map((m) => m[1]);
    return `${file}: targets ${cut(targets.join(", "), 300)}`;
  }
  const lines = text.split("\n").filter((l) => l.trim() && !l.trim().startsWith("#"));
  return `${file}: ${cut(lines.slice(0, 30).join(" | "), 600)}`;
}

/** The manifests, lockfiles and contributor guides of a repository, shallowest first. */
export async function projectFacts(root: string, files: TreeFile[]): Promise<ProjectFacts> {
  const manifests = files
    .filter((f) => MANIFEST_NAMES.has(baseName(f.path)) && !f.path.includes("node_modules/"))
    .sort((a, b) => depth(a.path) - depth(b.path) || a.path.localeCompare(b.path))
    .slice(0, MAX_MANIFESTS);
  const guides = CONVENTION_NAMES.map((name) => files.find((f) => f.path === name)).filter(
    (f): f is TreeFile => f !== undefined,
  );
  const tsconfigFile = files.find((f) => f.path === "tsconfig.json" || f.path === "jsconfig.json");
  const wanted = [...manifests, ...guides];
  if (tsconfigFile && !wanted.includes(tsconfigFile)) wanted.push(tsconfigFile);
  const texts = new Map<string, string>();
  await readBlobs(
    root,
    wanted.map((f) => f.blob),
    (index, content) => {
      const file = wanted[index];
      if (file) texts.set(file.path, content.toString("utf8"));
    },
  );
  return {
    manifests: manifests
      .filter((f) => baseName(f.path) !== "tsconfig.json")
      .map((f) => {
        const text = texts.get(f.path) ?? "";
        return baseName(f.path) === "package.json"
          ? describePackageJson(f.path, text)
          : describeOther(f.path, text);
      }),
    conventions: guides.map((f) => {
      const lines = (texts.get(f.path) ?? "").split("\n").filter((l) => l.trim());
      const limit = f.path === "README.md" ? 15 : 40;
      return `${f.path}:\n${lines
        .slice(0, limit)
        .map((l) => `  ${l.slice(0, 160)}`)
        .join("\n")}${lines.length > limit ? "\n  ..." : ""}`;
    }),
    packageManagers: [
      ...new Set(
        files.flatMap((f) => {
          const manager = LOCKFILES[f.path];
          return manager ? [`${manager} (${f.path})`] : [];
        }),
      ),
    ],
    tsconfig: tsconfigFile ? texts.get(tsconfigFile.path) : undefined,
  };
}
