const GLOB_CHARS = /[*?[\]{}()!+@\\]/g;

/** A glob that matches exactly one literal path. */
export function literalGlob(file: string): string {
  return file.replace(GLOB_CHARS, "\\$&");
}
