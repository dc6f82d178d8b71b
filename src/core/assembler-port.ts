export type CombineOutcome = { commit: string } | { conflicts: string[] };

export interface MergeInput {
  runId: string;
  integration: string;
  taskId: string;
  title: string;
  result: string;
  /** The commit the result was built on, when known: spares an ancestry walk. */
  start?: string | undefined;
}

export interface MergeStep {
  taskId: string;
  /** The integration state after this merge. */
  state: string;
  /** The result commit this merge brought in. */
  result: string;
}

export interface CheckFailure {
  check: string;
  error: string;
  tail: string;
  /** The failing test cases, when the check's output is a report armada reads (TAP, JUnit, JSON). */
  tests?: string[] | undefined;
}

export interface CheckReport {
  passed: boolean;
  failures: CheckFailure[];
  logPath: string;
}

export type SyncReport =
  | { state: "applied"; paths: string[]; markers: string[] }
  | { state: "nothing" }
  | { state: "refused"; paths: string[]; reason: string };

export interface SyncRequest {
  base: string;
  result: string;
  /** HEAD when the run started: sync refuses when the user committed or switched branch since. */
  head: string;
  mode: "refuse" | "merge";
  allowMarkers: string[];
}

/** Assembly as the engine sees it: git results in, an integration branch and a synced tree out. */
export interface Assembler {
  /** The commit a task starts from: the base, or the merged results of its dependencies. */
  startCommit(base: string, depResults: string[]): Promise<CombineOutcome>;
  /** Makes an attempt's change durable (refs under refs/armada*) before anything merges it. */
  keepResult(
    runId: string,
    taskId: string,
    attempt: number,
    commit: string,
    accepted: boolean,
  ): Promise<void>;
  /** Merges one result into the integration state (branch armada/<run> moves with `publish`). */
  merge(input: MergeInput): Promise<CombineOutcome>;
  /** Points branch armada/<run> at the integration state. */
  publish(runId: string, commit: string): Promise<void>;
  /** The other side of a conflict: what reached the integration state since the task's start. */
  describeConflict(taskStart: string, integration: string, paths: string[]): Promise<string>;
  /** A commit on top of the integration state holding the conflicted files with markers. */
  conflictedState(
    integration: string,
    result: string,
    start: string,
    label: string,
  ): Promise<string>;
  /** Replaces the branch's per-task history with one commit. */
  squash(runId: string, base: string, integration: string, message: string): Promise<string>;
  runChecks(
    runId: string,
    commit: string,
    checks: string[],
    timeoutMs: number,
    signal: AbortSignal,
    /** Names the log (`checks`, `baseline`), so the base's checks keep a log of their own. */
    logName?: string,
  ): Promise<CheckReport>;
  sync(request: SyncRequest): Promise<SyncReport>;
  /** The files of a commit that a task's scope globs match. */
  filesInScope(commit: string, globs: string[]): Promise<string[]>;
  /**
   * The results merged into the integration state, in merge order, each with the state after
   * its merge and the result commit it brought.
   */
  mergeSequence(base: string, integration: string): Promise<MergeStep[]>;
  /** The diff from one commit to another, cut to a size an agent's prompt can hold. */
  changeOf(from: string, to: string): Promise<string>;
  /** Paths that differ between two commits. */
  changedFiles(from: string, to: string): Promise<string[]>;
}
