import { existsSync } from "node:fs";
import { lstat, mkdir, readlink, rm, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { bindMount, readOnlySubmounts } from "./host-mounts.js";
import type { Mount } from "./mount-table.js";

/**
 * The system folders a sandbox sees, read-only. Everything else at the top of the file system
 * is absent: homes, /root, /run and /tmp (sockets of running services and terminals), /var,
 * /mnt, /media, /srv, other projects.
 */
const SYSTEM = [
  "usr",
  "bin",
  "sbin",
  "lib",
  "lib32",
  "lib64",
  "libx32",
  "etc",
  "opt",
  "nix",
  "snap",
  "gnu",
];

/** Readable by the owner only, and hidden even when armada runs as root. */
const MASKED = ["/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-"];

const DEVICES = ["null", "zero", "full", "random", "urandom", "tty"];

const DEVICE_LINKS = [
  ["fd", "/proc/self/fd"],
  ["stdin", "/proc/self/fd/0"],
  ["stdout", "/proc/self/fd/1"],
  ["stderr", "/proc/self/fd/2"],
] as const;

/** The part of a sandbox's mounts that is the same for every sandbox of a run. */
export interface SandboxRoot {
  /** An empty skeleton that becomes `/`: mount points and the system's top-level symlinks. */
  dir: string;
  mounts: Mount[];
}

function under(file: string, dirs: string[]): boolean {
  return dirs.some((dir) => file === dir || file.startsWith(`${dir}/`));
}

/**
 * Builds the run's skeleton under `dir` (once per run) and the mounts that dress it: system
 * folders read-only, the `tools` folders (those on PATH) read-only, a fresh /proc, a handful
 * of devices, and mount points for what each sandbox adds (the repository's path, $HOME,
 * /tmp, the repository's objects). Tools under $HOME come with $HOME, later.
 */
export async function sandboxRoot(
  dir: string,
  places: { repo: string; home: string | undefined; tools: string[] },
): Promise<SandboxRoot> {
  const ready = path.join(dir, ".armada", "ready");
  const built = await stat(ready).then(
    () => true,
    () => false,
  );
  if (!built) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  }
  const bound: string[] = [];
  const mounts: Mount[] = [];
  const at = (file: string): string => path.join(dir, file);
  for (const name of SYSTEM) {
    const host = `/${name}`;
    const info = await lstat(host).catch(() => undefined);
    if (info?.isSymbolicLink() && !built) await symlink(await readlink(host), at(name));
    if (!info?.isDirectory()) continue;
    bound.push(host);
    mounts.push(
      bindMount(host, at(host), { readOnly: true, recursive: true, extra: ["nosuid", "nodev"] }),
    );
  }
  mounts.push(...readOnlySubmounts(bound, at));
  const homeDir = places.home && places.home !== "/" ? places.home : undefined;
  // The system's folders and its links to them (/bin on merged /usr) are there already.
  const system = SYSTEM.map((name) => `/${name}`);
  const tools = places.tools.filter(
    (tool) =>
      !under(tool, system) &&
      !under(tool, [places.repo]) &&
      !(homeDir && under(tool, [homeDir])) &&
      existsSync(tool),
  );
  for (const tool of tools) {
    mounts.push(
      bindMount(tool, at(tool), {
        readOnly: true,
        extra: ["nosuid", "nodev", "nofail", "X-mount.mkdir"],
      }),
    );
  }
  for (const file of MASKED) {
    if (existsSync(file)) mounts.push(bindMount("/dev/null", at(file), { readOnly: true }));
  }
  mounts.push({
    source: "proc",
    target: at("proc"),
    type: "proc",
    options: ["nosuid", "nodev", "noexec"],
  });
  for (const name of DEVICES) mounts.push(bindMount(`/dev/${name}`, at(`dev/${name}`)));
  if (built) return { dir, mounts };
  const points = ["proc", "dev/shm", "tmp", "var/tmp", "run", ".armada/objects", ".armada/scratch"];
  for (const name of [...bound.map((b) => b.slice(1)), ...points])
    await mkdir(at(name), { recursive: true });
  for (const name of DEVICES) await writeFile(at(`dev/${name}`), "");
  for (const [name, target] of DEVICE_LINKS) await symlink(target, at(`dev/${name}`));
  for (const place of [places.repo, places.home, ...tools]) {
    if (place && place !== "/" && !under(place, bound)) await mkdir(at(place), { recursive: true });
  }
  await writeFile(ready, "");
  return { dir, mounts };
}
