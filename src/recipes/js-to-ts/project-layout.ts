import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { isConvertible, isTypeScript } from "./convertible-files.js";

/** Libraries and tools whose presence means the code is bundled, not loaded by Node. */
const BUNDLED = [
  "react",
  "react-dom",
  "preact",
  "vue",
  "svelte",
  "solid-js",
  "vite",
  "webpack",
  "parcel",
  "rollup",
  "esbuild",
  "next",
  "react-scripts",
  "gatsby",
  "@vitejs/plugin-react",
];

const NOT_SOURCE = new Set(["node_modules", ".git"]);

/** What the recipe needs to know about the project in the task's sandbox (the cwd). */
export interface ProjectLayout {
  root: string;
  hasPackageJson: boolean;
  /** "module" when package.json says so: `.js` files are then ES modules for Node. */
  packageType: "module" | "commonjs";
  dependencies: Set<string>;
  bundled: boolean;
  /** Every file below the root, relative, with `/`, outside node_modules and .git. */
  files: string[];
  javascript: string[];
  typescript: string[];
}

function listFiles(root: string, dir = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory() && !NOT_SOURCE.has(entry.name)) files.push(...listFiles(root, rel));
    else if (entry.isFile()) files.push(rel);
  }
  return files.sort();
}

export function readProjectLayout(root: string): ProjectLayout {
  const packagePath = path.join(root, "package.json");
  const hasPackageJson = existsSync(packagePath);
  let manifest: Record<string, unknown> = {};
  if (hasPackageJson) {
    try {
      manifest = JSON.parse(readFileSync(packagePath, "utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`package.json is not valid JSON (${(error as Error).message})`);
    }
  }
  const dependencies = new Set<string>();
  for (const field of ["dependencies", "devDependencies", "peerDependencies"]) {
    const deps = manifest[field];
    if (deps && typeof deps === "object")
      for (const name of Object.keys(deps)) dependencies.add(name);
  }
  const files = listFiles(root);
  return {
    root,
    hasPackageJson,
    packageType: manifest.type === "module" ? "module" : "commonjs",
    dependencies,
    bundled: BUNDLED.some((name) => dependencies.has(name)),
    files,
    javascript: files.filter(isConvertible),
    typescript: files.filter(isTypeScript),
  };
}
