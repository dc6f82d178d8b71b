/**
 * Schema migrations, applied in order; PRAGMA user_version records how many ran. Never edit a
 * shipped migration: append a new one.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    objective TEXT NOT NULL,
    state TEXT NOT NULL,
    base_commit TEXT NOT NULL,
    head_commit TEXT NOT NULL,
    head_ref TEXT,
    integration_commit TEXT NOT NULL,
    options TEXT NOT NULL,
    checks TEXT NOT NULL,
    checks_state TEXT,
    apply_state TEXT,
    error TEXT,
    master_pid INTEGER,
    master_host TEXT,
    heartbeat_at INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    finished_at INTEGER
  );
  CREATE TABLE tasks (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    title TEXT NOT NULL,
    instructions TEXT NOT NULL,
    files TEXT NOT NULL,
    deps TEXT NOT NULL,
    checks TEXT NOT NULL,
    agent TEXT,
    command TEXT,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    merge_state TEXT NOT NULL DEFAULT 'pending',
    conflict_paths TEXT,
    error TEXT,
    started_at INTEGER,
    finished_at INTEGER,
    PRIMARY KEY (run_id, id)
  );
  CREATE TABLE attempts (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    state TEXT NOT NULL,
    start_commit TEXT NOT NULL,
    sandbox TEXT,
    pgid INTEGER,
    log_path TEXT NOT NULL,
    error TEXT,
    agent_ms INTEGER,
    started_at INTEGER NOT NULL,
    finished_at INTEGER,
    PRIMARY KEY (run_id, task_id, n),
    FOREIGN KEY (run_id, task_id) REFERENCES tasks(run_id, id) ON DELETE CASCADE
  );
  CREATE TABLE results (
    run_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    commit_id TEXT NOT NULL,
    start_commit TEXT NOT NULL,
    changed TEXT NOT NULL,
    out_of_scope TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (run_id, task_id),
    FOREIGN KEY (run_id, task_id) REFERENCES tasks(run_id, id) ON DELETE CASCADE
  );
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    run_id TEXT NOT NULL,
    task_id TEXT,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  CREATE INDEX events_by_run ON events(run_id, seq);
  `,
  `
  ALTER TABLE tasks ADD COLUMN kind TEXT NOT NULL DEFAULT 'task';
  ALTER TABLE tasks ADD COLUMN start_from TEXT;
  ALTER TABLE tasks ADD COLUMN context TEXT;
  ALTER TABLE tasks ADD COLUMN redos INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tasks ADD COLUMN allow_deletions INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tasks ADD COLUMN resolves TEXT;
  ALTER TABLE runs ADD COLUMN fix_rounds INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE attempts ADD COLUMN commit_id TEXT;
  ALTER TABLE tasks ADD COLUMN cancel_requested INTEGER NOT NULL DEFAULT 0;
  `,
  // Model usage: tokens and cost per attempt, the planner's per run; the planner's notes;
  // best-of-N per task.
  `
  ALTER TABLE attempts ADD COLUMN input_tokens INTEGER;
  ALTER TABLE attempts ADD COLUMN output_tokens INTEGER;
  ALTER TABLE attempts ADD COLUMN cost_usd REAL;
  ALTER TABLE runs ADD COLUMN plan_input_tokens INTEGER;
  ALTER TABLE runs ADD COLUMN plan_output_tokens INTEGER;
  ALTER TABLE runs ADD COLUMN plan_cost_usd REAL;
  ALTER TABLE runs ADD COLUMN conventions TEXT;
  ALTER TABLE tasks ADD COLUMN best_of INTEGER;
  `,
  `
  ALTER TABLE attempts ADD COLUMN metrics TEXT;
  `,
  // Fleet mode: the worker that took each attempt.
  `
  ALTER TABLE attempts ADD COLUMN worker TEXT;
  `,
  // Tasks whose attempts must change something; the checks that already failed on the base.
  `
  ALTER TABLE tasks ADD COLUMN require_change INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE runs ADD COLUMN baseline TEXT;
  `,
  // Bisection's culprits, flaky checks, the last verified integration state, the run's setup.
  `
  ALTER TABLE runs ADD COLUMN culprits TEXT;
  ALTER TABLE runs ADD COLUMN flaky TEXT;
  ALTER TABLE runs ADD COLUMN verified TEXT;
  ALTER TABLE runs ADD COLUMN setup TEXT;
  `,
  // The master asks every second which tasks someone wants cancelled: an index of those few.
  `
  CREATE INDEX tasks_asked_to_cancel ON tasks(run_id) WHERE cancel_requested = 1;
  `,
  // Retrying a failed task while its master runs: the master asks every second, as for cancels.
  // A task's page reads that task's events alone, among a large run's hundreds of thousands.
  `
  ALTER TABLE tasks ADD COLUMN retry_requested INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX tasks_asked_to_retry ON tasks(run_id) WHERE retry_requested = 1;
  CREATE INDEX events_by_task ON events(run_id, task_id, seq);
  `,
];
