import { readFileSync } from "node:fs";
import type { Mount } from "./mount-table.js";

interface HostMount {
  target: string;
  options: string[];
}

/** Per-mount flags a user namespace may not clear on what it binds: they must be restated. */
const LOCKED = ["nosuid", "nodev", "noexec", "noatime", "nodiratime", "relatime", "strictatime"];

function unescapeOctal(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_m, code: string) =>
    String.fromCharCode(Number.parseInt(code, 8)),
  );
}

let cached: HostMount[] | undefined;

/** The mounts of this process's namespace, from /proc/self/mountinfo. */
function hostMounts(): HostMount[] {
  if (cached) return cached;
  let info = "";
  try {
    info = readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    info = "";
  }
  cached = info
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const fields = line.split(" ");
      return { target: unescapeOctal(fields[4] ?? ""), options: (fields[5] ?? "").split(",") };
    });
  return cached;
}

function within(file: string, dir: string): boolean {
  return dir === "/" || file === dir || file.startsWith(`${dir}/`);
}

/** The locked flags of the mount that holds `file`. */
function lockedFlags(file: string): string[] {
  let best: HostMount | undefined;
  for (const mount of hostMounts()) {
    if (within(file, mount.target) && (!best || mount.target.length >= best.target.length))
      best = mount;
  }
  return (best?.options ?? []).filter((o) => LOCKED.includes(o));
}

/**
 * A bind mount of a host path. Flags are restated from the mount it comes from, since in a
 * user namespace a bind that would drop one (say noexec on /home) is refused.
 */
export function bindMount(
  source: string,
  target: string,
  options: { readOnly?: boolean; recursive?: boolean; extra?: string[] } = {},
): Mount {
  const flags = new Set([...lockedFlags(source), ...(options.extra ?? [])]);
  return {
    source,
    target,
    type: "none",
    options: [options.recursive ? "rbind" : "bind", ...(options.readOnly ? ["ro"] : []), ...flags],
  };
}

/**
 * Makes read-only the mounts below `dirs` that a recursive bind brought along (a read-only
 * remount applies to one mount only). `at` maps a host path to where it is mounted.
 */
export function readOnlySubmounts(dirs: string[], at: (file: string) => string): Mount[] {
  return hostMounts()
    .filter((m) => dirs.some((dir) => m.target.startsWith(`${dir}/`)))
    .map((m) => ({
      source: "none",
      target: at(m.target),
      type: "none",
      options: ["remount", "bind", "ro", ...m.options.filter((o) => LOCKED.includes(o))],
    }));
}
