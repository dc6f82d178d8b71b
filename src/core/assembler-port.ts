export type CombineOutcome = { commit: string } | { conflicts: string[] };

export interface MergeInput {
  runId: string;
  integration: string;
  taskId: string;
  title: string;
  result: string;
}

export interface CheckFailure {
  check: string;
  error: string;
  tail: string;
}

export interface CheckReport {
  passed: boolean;
  failures: CheckFailure[];
  logPath: string;
}

export type SyncReport =
  | { state: "applied"; paths: string[] }
  | { state: "nothing" }
  | { state: "refused"; paths: string[]; reason: string };

/** Assembly as the engine sees it: git results in, an integration branch and a synced tree out. */
export interface Assembler {
  /** The commit a task starts from: the base, or the merged results of its dependencies. */
  startCommit(base: string, depResults: string[]): Promise<CombineOutcome>;
  /** Makes a result durable (a ref under refs/armada/) before anything merges it. */
  keepResult(runId: string, taskId: string, commit: string): Promise<void>;
  /** Merges one result into the integration state and moves branch armada/<run>. */
  merge(input: MergeInput): Promise<CombineOutcome>;
  runChecks(
    runId: string,
    commit: string,
    checks: string[],
    timeoutMs: number,
    signal: AbortSignal,
  ): Promise<CheckReport>;
  sync(runId: string, base: string, result: string): Promise<SyncReport>;
  /** The files of a commit that a task's scope globs match. */
  filesInScope(commit: string, globs: string[]): Promise<string[]>;
}
