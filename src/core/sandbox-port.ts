export interface ExecOptions {
  /** The complete environment of the process: sandboxes never inherit the master's. */
  env?: Record<string, string>;
  /** Relative to the sandbox's root. */
  cwd?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Written to the process's standard input, which is then closed (otherwise stdin is empty). */
  input?: string | Buffer;
  onOutput?: (chunk: Buffer) => void;
  /**
   * The command must reach the network (a cli agent calling its own API). Sandboxes are cut
   * off from it by default where the driver can do so; this lets one command through.
   */
  network?: boolean;
  /** Called with the process group id so a crashed master's leftovers can be found later. */
  onSpawn?: (pgid: number) => void;
}

export interface ExecResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
}

/** What a run asks of its sandboxes; a driver refuses settings it cannot enforce. */
export interface SandboxSettings {
  /** `none` (no network, the default), `on` (the host's network, or Docker's default), or a Docker network. */
  network: string;
  /** The Docker image sandboxes start from. */
  image?: string | undefined;
  cpus?: number | undefined;
  /** Bytes of memory. */
  memory?: number | undefined;
  /** Bytes the sandbox may write. */
  disk?: number | undefined;
  /** Names of ignored folders (such as node_modules) shown in the sandbox read-only, copy-on-write. */
  deps: string[];
}

export interface SandboxOptions {
  /** Unique among live sandboxes of the repository; used for folder names. */
  name: string;
  runId: string;
  /** Files of the user's home (absolute paths) to show read-only where the home is hidden. */
  homeFiles?: string[] | undefined;
  /** Host folders shown read-only at the same path where the sandbox has its own system. */
  programDirs?: string[] | undefined;
}

/**
 * The isolated workspace of one attempt. `root` holds the full codebase at the start commit;
 * `exec` runs a command inside it; `captureTree` writes its current state (ignored files
 * excluded) as a git tree in the repository's object store; `dispose` removes every trace.
 */
export interface Sandbox {
  /**
   * Where the codebase is as the sandbox's own processes see it. Only the worktree sandbox
   * shows it to the master there: isolating sandboxes keep it in their namespace or container
   * (the overlay's is the user's own repository path, hidden inside), so the master reads and
   * writes the codebase through `exec`, never with its own file calls on `root`.
   */
  readonly root: string;
  /** Where the sandbox lives on the master's side: what `removeLeftover` takes after a crash. */
  readonly location: string;
  readonly driver: string;
  exec(command: string[], options?: ExecOptions): Promise<ExecResult>;
  captureTree(): Promise<string>;
  /**
   * Lets the sandbox's processes reach `allow` (host and port as clients name them) and
   * nothing else, through a proxy of the master's named by the route's variables; a sandbox
   * that has the network (--network) gets no proxy. `onRefused` hears of every other attempt.
   */
  openEgress(
    allow: { host: string; port: number }[],
    onRefused: (host: string, port: number) => void,
  ): Promise<EgressRoute>;
  dispose(): Promise<void>;
}

/** The way out of a sandbox that `openEgress` made: the variables that name its proxy. */
export interface EgressRoute {
  /** For the process that may go out; empty when the sandbox has the whole network. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface SandboxDriver {
  readonly name: string;
  create(startCommit: string, options: SandboxOptions): Promise<Sandbox>;
  /** Removes a sandbox left behind by a master that died, given the location it reported. */
  removeLeftover(location: string): Promise<void>;
  /**
   * Removes every sandbox of a run that is still there, including one a master died creating
   * before it could report it, and what the driver keeps for the run (its materialised base,
   * its images). Called when the run's master stops and after a crash, when no attempt of
   * the run is running; a later `create` for the run rebuilds what it needs.
   */
  sweep(runId: string): Promise<number>;
}
