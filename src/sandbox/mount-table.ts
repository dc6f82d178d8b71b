export interface Mount {
  source: string;
  target: string;
  type: string;
  options: string[];
}

// fstab fields are separated by blanks; libmount reads octal escapes back.
function field(text: string): string {
  return text.replace(/[\\ \t\n]/g, (c) => `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`);
}

/**
 * An fstab for `mount --all --fstab`: one process mounts them all, in order. A mount comes
 * after the mounts of the folders above it.
 */
export function mountTable(mounts: Mount[]): string {
  const depth = (m: Mount): number => m.target.split("/").filter(Boolean).length;
  return [...mounts]
    .sort((a, b) => depth(a) - depth(b))
    .map(
      (m) => `${field(m.source)} ${field(m.target)} ${m.type} ${field(m.options.join(","))} 0 0\n`,
    )
    .join("");
}
