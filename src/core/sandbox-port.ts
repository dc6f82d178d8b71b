export interface ExecOptions {
  /** The complete environment of the process: sandboxes never inherit the master's. */
  env?: Record<string, string>;
  /** Relative to the sandbox root. */
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

export interface SandboxOptions {
  /** Unique among live sandboxes of the repository; used for folder names. */
  name: string;
  runId: string;
}

/**
 * The isolated workspace of one attempt. `root` holds the full codebase at the start commit;
 * `exec` runs a command inside it; `captureTree` writes its current state (ignored files
 * excluded) as a git tree in the repository's object store; `dispose` removes every trace.
 */
export interface Sandbox {
  readonly root: string;
  readonly driver: string;
  exec(command: string[], options?: ExecOptions): Promise<ExecResult>;
  captureTree(): Promise<string>;
  dispose(): Promise<void>;
}

export interface SandboxDriver {
  readonly name: string;
  create(startCommit: string, options: SandboxOptions): Promise<Sandbox>;
  /** Removes a sandbox left behind by a master that died, given the location it reported. */
  removeLeftover(location: string): Promise<void>;
  /**
   * Removes every sandbox of a run that is still there, including one a master died creating
   * before it could report it. Only called when no attempt of the run is running.
   */
  sweep(runId: string): Promise<number>;
}
