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
  /**
   * The run's setup result, built by this driver's `buildLayer`: every sandbox shows it under
   * the codebase, copy-on-write (the base's tracked files win where both have a path). The
   * user's `deps` folders yield to it where both have one.
   */
  layer?: SetupLayer | undefined;
}

/** What setup made, as the driver that built it keeps it: plain data, so it travels in settings. */
export interface SetupLayer {
  /** What setup read (its inputs' blob ids), its commands, the driver and the image. */
  key: string;
  /** The driver that built it: no other can show it. */
  driver: string;
  /** A folder (overlay, worktree) or an image (docker). */
  location: string;
  /** The top-most files and folders setup made, relative to the codebase (node_modules, .venv). */
  paths: string[];
}

/** How to build a setup layer. */
export interface SetupSpec {
  key: string;
  /** The run it is for: the setup sandbox lives (and is swept) among the run's. */
  runId: string;
  /** Shell commands, run in order in the codebase's top folder; the first failure stops setup. */
  commands: string[];
  /** The complete environment of the commands (setup's own secrets included). */
  env: Record<string, string>;
  /** For all the commands together. */
  timeoutMs: number;
  /** The commands reach the network (setup's default; agents stay offline). */
  network: boolean;
  signal?: AbortSignal | undefined;
  /** The commands' output, each preceded by a `$ command` line. */
  onOutput?: ((chunk: Buffer) => void) | undefined;
}

export interface SetupBuild {
  layer: SetupLayer;
  /** Found built (by an earlier run, or by a build of the same key that was under way). */
  cached: boolean;
  /** Tracked files setup changed or deleted: left out, since the layer holds only new files. */
  droppedTracked: string[];
  durationMs: number;
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
  /**
   * Runs the setup commands once in a sandbox of `startCommit` and keeps, as the layer, only
   * the files they made that the start tree does not track (node_modules, .venv, dist). Cached
   * by `spec.key`: a build of a key that exists returns at once, and concurrent builds of one
   * key (in this process or another) build once. A failed, cancelled or timed-out setup throws
   * a SetupFailedError with its log's tail and leaves nothing cached.
   */
  buildLayer(startCommit: string, spec: SetupSpec): Promise<SetupBuild>;
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
