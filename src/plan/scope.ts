import picomatch from "picomatch";

const GLOB_CHARS = /[*?[\]{}()!+@\\]/g;

/** A glob that matches exactly one literal path. */
export function literalGlob(file: string): string {
  return file.replace(GLOB_CHARS, "\\$&");
}

export function scopeMatcher(globs: string[]): (file: string) => boolean {
  if (globs.length === 0) return () => false;
  return picomatch(globs, { dot: true });
}

/** The files of a tree listing that a scope owns. */
export function filesInScope(globs: string[], files: string[]): string[] {
  const match = scopeMatcher(globs);
  return files.filter(match);
}
