import picomatch from "picomatch";

export { literalGlob } from "../core/literal-glob.js";

const GLOB_CHAR = /[*?[\]{}()!+@\\]/;

export function scopeMatcher(globs: string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true });
}

/** The files of a tree listing that a scope owns, in the listing's order. */
export function filesInScope(globs: string[], files: string[]): string[] {
  const owned = new Set(scopeIndex(files).match(globs));
  return files.filter((file) => owned.has(file));
}

export interface ScopeIndex {
  /** The files any of the globs matches, sorted. */
  match(globs: string[]): string[];
}

/**
 * The path a glob names when it matches exactly one path (`literalGlob`'s output, or a plain
 * path), else undefined. Shapes picomatch would rewrite (`./a`, `a//b`, `a/`) are left to it.
 */
function literalPath(glob: string): string | undefined {
  const path = glob.replace(/\\(.)/g, "$1");
  if (GLOB_CHAR.test(glob.replace(/\\./g, ""))) return undefined;
  if (path.startsWith("/") || path.endsWith("/") || path.includes("//")) return undefined;
  if (path.split("/").some((part) => part === "." || part === "..")) return undefined;
  return path;
}

/** The folders a glob's matches all lie under (`src/lib/` for `src/lib/**\/*.js`), or "". */
function folderOf(glob: string): string {
  if (glob.startsWith("!")) return "";
  const parts = glob.split("/");
  const plain: string[] = [];
  for (const part of parts.slice(0, -1)) {
    if (part === "" || part === "." || part === ".." || GLOB_CHAR.test(part)) break;
    plain.push(part);
  }
  return plain.length > 0 ? `${plain.join("/")}/` : "";
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] ?? "") < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A file listing indexed for scope matching, so a plan of thousands of tasks costs each task
 * what its own globs name, not a scan of the repository: a literal path is a set lookup, a
 * glob is tested only against the files under its leading folders.
 */
export function scopeIndex(files: readonly string[]): ScopeIndex {
  // In code-unit order every folder's files form one range.
  const sorted = [...files].sort();
  const present = new Set(sorted);
  return {
    match(globs) {
      const found = new Set<string>();
      for (const glob of globs) {
        const literal = literalPath(glob);
        if (literal !== undefined) {
          if (present.has(literal)) found.add(literal);
          continue;
        }
        const isMatch = picomatch(glob, { dot: true });
        const folder = folderOf(glob);
        const end = folder
          ? lowerBound(sorted, `${folder.slice(0, -1)}${String.fromCharCode(0x2f + 1)}`)
          : sorted.length;
        for (let i = folder ? lowerBound(sorted, folder) : 0; i < end; i++) {
          const file = sorted[i] ?? "";
          if (isMatch(file)) found.add(file);
        }
      }
      return [...found].sort();
    },
  };
}
