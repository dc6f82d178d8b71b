import type { OverlayTools } from "./overlay-support.js";

/**
 * The `unshare` flags creating an overlay sandbox's namespaces: user (mapped to root), mount,
 * pid and, unless the sandbox has the host's network, net. The support probe and the holder
 * share them, so the probe tries exactly what sandboxes do.
 */
export function unshareFlags(options: { network: boolean; killChild: boolean }): string[] {
  return [
    "--user",
    "--map-root-user",
    "--mount",
    "--pid",
    "--fork",
    ...(options.killChild ? ["--kill-child"] : []),
    ...(options.network ? [] : ["--net"]),
  ];
}

/**
 * The start of a command line entering a holder's namespaces, up to the `--` before the
 * command. `net: false` stays in the caller's network namespace: one owned by the host's user
 * namespace cannot be entered from inside the sandbox's.
 */
export function enterArgv(
  tools: OverlayTools,
  pid: number,
  options: { net: boolean; cwd?: string | undefined },
): string[] {
  return [
    tools.nsenter,
    `--target=${pid}`,
    "--user",
    // An unprivileged user's namespace refuses setgroups: keep the ids, which map to its root.
    "--preserve-credentials",
    "--mount",
    "--pid",
    ...(options.net ? ["--net"] : []),
    "--root",
    // The holder waits in the codebase's top folder.
    ...(options.cwd ? [`--wdns=${options.cwd}`] : ["--wd"]),
    "--",
  ];
}
