import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { release, tmpdir } from "node:os";
import path from "node:path";
import { findTool } from "./host-tools.js";
import { unshareFlags } from "./namespace-argv.js";

/** The programs an overlay sandbox runs, by absolute path. */
export interface OverlayTools {
  unshare: string;
  nsenter: string;
  setpriv: string;
  prlimit: string;
  sh: string;
  /** Brings the loopback interface of a sandbox without network up; optional. */
  ip: string | undefined;
}

export type OverlaySupport =
  | {
      ok: true;
      tools: OverlayTools /** An upper layer on tmpfs works, so --disk can. */;
      diskQuota: boolean;
    }
  | { ok: false; reason: string };

// Each step exits with its own code, so that the reason names what the kernel refused.
const PROBE = `
d=$1
mount -t overlay overlay -o "userxattr,lowerdir=$d/lower,upperdir=$d/upper,workdir=$d/work" "$d/merged" || exit 10
rm -r "$d/merged/dir" && mkdir "$d/merged/dir" || exit 11
mount -t proc proc "$d/proc" || exit 12
mount -t tmpfs -o size=1m tmpfs "$d/tmp" && mkdir "$d/tmp/upper" "$d/tmp/work" || exit 13
mount -t overlay overlay -o "userxattr,lowerdir=$d/lower,upperdir=$d/tmp/upper,workdir=$d/tmp/work" "$d/merged2" || exit 13
rm -r "$d/merged2/dir" && mkdir "$d/merged2/dir" || exit 13
exit 0
`;

function reasonFor(code: number | null, stderr: string, where: string): string {
  const detail = stderr.trim().split("\n").slice(-2).join(" ") || "no details";
  switch (code) {
    case 10:
      return `the kernel refuses overlayfs in a user namespace on ${where} (Linux 5.11 or newer is needed, this is ${release()}; the file system must support user extended attributes): ${detail}`;
    case 11:
      return `overlayfs cannot record deletions on ${where}: ${detail}`;
    case 12:
      return `/proc cannot be mounted in a new namespace, as happens inside containers that mask parts of /proc: ${detail}`;
    default:
      return `this system does not let armada create user namespaces (${detail}); allow them (sysctl kernel.unprivileged_userns_clone=1 or user.max_user_namespaces > 0; on Ubuntu 24.04 and later, an AppArmor profile that permits userns)`;
  }
}

function probe(where: string, tools: OverlayTools): OverlaySupport {
  mkdirSync(where, { recursive: true });
  const dir = mkdtempSync(path.join(where, "overlay-probe-"));
  try {
    for (const sub of ["lower/dir", "upper", "work", "merged", "merged2", "proc", "tmp"])
      mkdirSync(path.join(dir, sub), { recursive: true });
    writeFileSync(path.join(dir, "lower/dir/file"), "x");
    const result = spawnSync(
      tools.unshare,
      [...unshareFlags({ network: false, killChild: false }), tools.sh, "-c", PROBE, "sh", dir],
      {
        encoding: "utf8",
        timeout: 10_000,
      },
    );
    if (result.status === 0 || result.status === 13)
      return { ok: true, tools, diskQuota: result.status === 0 };
    return {
      ok: false,
      reason: reasonFor(result.status, `${result.stderr}${result.error?.message ?? ""}`, where),
    };
  } finally {
    // The kernel leaves overlay's work folder unreadable to its owner.
    for (const work of ["work/work", "tmp/work/work"]) {
      try {
        chmodSync(path.join(dir, work), 0o700);
      } catch {
        // Not made.
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const cache = new Map<string, OverlaySupport>();

/**
 * Whether overlay sandboxes work here, found out by trying once per process what they do:
 * a user namespace with an overlay (deletions included) and a /proc of its own, on the file
 * system of `gitDir` where the sandboxes live. When not, `reason` says why for the user.
 */
export function overlaySupported(gitDir?: string): OverlaySupport {
  const where = gitDir ? path.join(gitDir, "armada") : tmpdir();
  const known = cache.get(where);
  if (known) return known;
  let support: OverlaySupport;
  if (process.platform !== "linux") {
    support = { ok: false, reason: `it needs Linux, and this is ${process.platform}` };
  } else {
    const missing: string[] = [];
    const need = (name: string): string => {
      const file = findTool(name);
      if (!file) missing.push(name);
      return file ?? name;
    };
    const tools: OverlayTools = {
      unshare: need("unshare"),
      nsenter: need("nsenter"),
      setpriv: need("setpriv"),
      prlimit: need("prlimit"),
      sh: need("sh"),
      ip: findTool("ip"),
    };
    for (const name of ["mount", "umount", "pivot_root"]) need(name);
    support =
      missing.length > 0
        ? {
            ok: false,
            reason: `${missing.join(", ")} not found (they come with util-linux and mount)`,
          }
        : probe(where, tools);
  }
  cache.set(where, support);
  return support;
}
