import { spawnStreaming } from "../process/index.js";
import { enterArgv, unshareFlags } from "./namespace-argv.js";
import type { OverlayTools } from "./overlay-support.js";

/**
 * Runs as root of a new user namespace, in new mount and pid namespaces (and a network
 * namespace with only loopback unless the network is on): mounts the sandbox's file system
 * from an fstab (two with a disk quota, whose tmpfs must be laid out between), makes it the root (pivot_root, the old root unmounted so nothing of it is
 * reachable), reports its pid as the host sees it, then holds the namespaces open until the
 * master closes its stdin, or dies. As the namespace's init, its exit ends every process in it,
 * and on request it kills every other (one line on stdin, answered by one on stdout).
 */
const HOLDER = `set -eu
read -r pid _ < /proc/self/stat
root=$1 folder=$2 repo=$3 ip=$4 scratch=$5 head=$6 deps=$7
if [ -n "$scratch" ]; then
  mount --all --fstab "$folder/fstab.root"
  mkdir -p "$scratch/upper/.git" "$scratch/work" "$scratch/home" "$scratch/tmp"
  chmod 1777 "$scratch/tmp"
  i=0
  while [ "$i" -lt "$deps" ]; do mkdir -p "$scratch/deps/$i/upper" "$scratch/deps/$i/work"; i=$((i + 1)); done
  printf '%s\\n' "$head" > "$scratch/upper/.git/HEAD"
  while IFS= read -r file; do
    mkdir -p "$(dirname "$scratch/home/$file")"
    : > "$scratch/home/$file"
  done < "$folder/home-files"
fi
mount --all --fstab "$folder/fstab"
cd "$root"
pivot_root . .
umount -l .
cd "$repo"
if [ -n "$ip" ]; then "$ip" link set lo up; fi
echo "ready $pid"
# Each line asks for every process but this one to be killed; the end of stdin ends it all.
while read -r _; do
  kill -9 -1 2>/dev/null || true
  echo killed
done
`;

export interface HolderOptions {
  /** The skeleton that becomes `/`. */
  root: string;
  /** The sandbox's folder, holding `fstab` (and `fstab.root` with a quota). */
  folder: string;
  repo: string;
  network: boolean;
  /** With a disk quota: the in-namespace scratch folder to lay out on the fresh tmpfs. */
  scratch?: string | undefined;
  head: string;
  deps: number;
}

export interface Holder {
  /** The pid of the namespaces' init, as the host sees it: what nsenter targets. */
  pid: number;
  /** Kills every process in the sandbox but its init, so that nothing changes while it is read. */
  killAll(): Promise<void>;
  /** Ends the sandbox: every process in it is killed with its init. */
  stop(): Promise<void>;
}

export async function startHolder(tools: OverlayTools, options: HolderOptions): Promise<Holder> {
  let stdout = "";
  let stderr = "";
  let ready: ((pid: number) => void) | undefined;
  let started = false;
  // Each kill request is answered in order by one line.
  const killed: (() => void)[] = [];
  const child = spawnStreaming(
    {
      command: tools.unshare,
      args: [
        ...unshareFlags({ network: options.network, killChild: true }),
        tools.sh,
        "-c",
        HOLDER,
        "holder",
        options.root,
        options.folder,
        options.repo,
        options.network ? "" : (tools.ip ?? ""),
        options.scratch ?? "",
        options.head,
        String(options.deps),
      ],
      cwd: process.cwd(),
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin" },
      detached: false,
      openInput: true,
    },
    (fd, chunk) => {
      if (fd === 2) {
        stderr += chunk.toString();
        return;
      }
      stdout += chunk.toString();
      if (!started) {
        const match = /ready (\d+)\n/.exec(stdout);
        if (!match) return;
        started = true;
        stdout = stdout.slice(match.index + match[0].length);
        ready?.(Number(match[1]));
      }
      for (let eol = stdout.indexOf("\n"); eol >= 0; eol = stdout.indexOf("\n")) {
        stdout = stdout.slice(eol + 1);
        killed.shift()?.();
      }
    },
  );
  const pid = await new Promise<number>((resolve, reject) => {
    ready = resolve;
    void child.ended.then((end) =>
      reject(
        new Error(
          `the sandbox's namespace setup failed (${end.error ?? `exit ${end.code ?? end.signal}`}): ${stderr.trim()}`,
        ),
      ),
    );
  });
  // The master's exit closes the holder's stdin, which ends the sandbox: nothing outlives it.
  child.hold(false);
  let ended = false;
  // A holder gone has nothing left to kill.
  void child.ended.then(() => {
    ended = true;
    for (const done of killed.splice(0)) done();
  });
  return {
    pid,
    killAll() {
      if (ended) return Promise.resolve();
      return new Promise<void>((resolve) => {
        killed.push(resolve);
        child.write("kill\n");
      });
    },
    async stop() {
      child.endInput();
      // Killing the init ends the namespace at once, whatever its processes are doing.
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
      child.hold(true);
      await child.ended;
    },
  };
}

/** The command line that runs `command` inside a holder's namespaces, without privileges. */
export function insideArgv(
  tools: OverlayTools,
  pid: number,
  command: string[],
  options: {
    /** Absolute, in the sandbox. */
    cwd?: string | undefined;
    /** Run in the host's network namespace, whatever the sandbox's. */
    network?: boolean | undefined;
    maxProcesses: number;
    cgroupProcs?: string | undefined;
  },
): string[] {
  const argv = [
    ...enterArgv(tools, pid, { net: !options.network, cwd: options.cwd }),
    // With a cgroup the bound is there; RLIMIT_NPROC (which root ignores) bounds the others.
    ...(options.cgroupProcs ? [] : [tools.prlimit, `--nproc=${options.maxProcesses}`, "--"]),
    tools.setpriv,
    "--inh-caps=-all",
    "--bounding-set=-all",
    "--no-new-privs",
    "--",
    ...command,
  ];
  // Joining the cgroup before nsenter puts every process of the command in it. The shell sets
  // PWD to the master's folder, which is not in the sandbox: programs that trust PWD over their
  // working directory (opencode) would look for it there.
  if (options.cgroupProcs)
    return [
      tools.sh,
      "-c",
      'echo $$ > "$0" && unset PWD && exec "$@"',
      options.cgroupProcs,
      ...argv,
    ];
  return argv;
}
