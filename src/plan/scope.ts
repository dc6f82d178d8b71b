import picomatch from "picomatch";

export { literalGlob } from "../core/literal-glob.js";

export function scopeMatcher(globs: string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true });
}

/** The files of a tree listing that a scope owns. */
export function filesInScope(globs: string[], files: string[]): string[] {
  const match = scopeMatcher(globs);
  return files.filter(match);
}
