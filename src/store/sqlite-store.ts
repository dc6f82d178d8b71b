import {
  type AttemptRecord,
  type Culprit,
  countByState,
  DEFAULT_RUN_OPTIONS,
  type ResultRecord,
  type RunEvent,
  type RunRecord,
  type SetupRecord,
  type TaskRecord,
  type TaskState,
  type VerifiedPoint,
} from "../core/records.js";
import type {
  AttemptPatch,
  EventInput,
  NewTask,
  RunPatch,
  RunStore,
  TaskPatch,
} from "../core/store-port.js";
import { addUsage, type Usage } from "../core/usage.js";
import { type Db, openDb, type Statement } from "./open-store.js";

type Row = Record<string, unknown>;

const RUN_COLUMNS: Record<keyof RunPatch, string> = {
  state: "state",
  integrationCommit: "integration_commit",
  checksState: "checks_state",
  applyState: "apply_state",
  error: "error",
  masterPid: "master_pid",
  masterHost: "master_host",
  heartbeatAt: "heartbeat_at",
  cancelRequested: "cancel_requested",
  finishedAt: "finished_at",
  fixRounds: "fix_rounds",
  baseline: "baseline",
  culprits: "culprits",
  flaky: "flaky",
  verified: "verified",
  setup: "setup",
};

const TASK_COLUMNS: Record<keyof TaskPatch, string> = {
  state: "state",
  attempts: "attempts",
  mergeState: "merge_state",
  conflictPaths: "conflict_paths",
  error: "error",
  startedAt: "started_at",
  finishedAt: "finished_at",
  startFrom: "start_from",
  context: "context",
  redos: "redos",
  cancelRequested: "cancel_requested",
  retryRequested: "retry_requested",
};

const ATTEMPT_COLUMNS: Record<Exclude<keyof AttemptPatch, "usage">, string> = {
  state: "state",
  sandbox: "sandbox",
  pgid: "pgid",
  worker: "worker",
  error: "error",
  agentMs: "agent_ms",
  finishedAt: "finished_at",
  commit: "commit_id",
  metrics: "metrics",
};

/** Usage spreads over three columns; a NULL cost with tokens means the model had no price. */
function usageColumns(usage: Usage | undefined): [string, unknown][] {
  return [
    ["input_tokens", usage?.inputTokens],
    ["output_tokens", usage?.outputTokens],
    ["cost_usd", usage?.costUsd],
  ];
}

function usageFromRow(input: unknown, output: unknown, cost: unknown): Usage | undefined {
  if (input === null || input === undefined) return undefined;
  return {
    inputTokens: Number(input),
    outputTokens: Number(output ?? 0),
    costUsd: cost === null || cost === undefined ? undefined : Number(cost),
  };
}

function toSql(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === "boolean") return value ? 1 : 0;
  if (Array.isArray(value) || (typeof value === "object" && value !== null))
    return JSON.stringify(value);
  return value;
}

function setClause(patch: object, columns: Record<string, string>): [string, unknown[]] {
  const entries = Object.entries(patch).filter(([key]) => key in columns);
  return [
    entries.map(([key]) => `${columns[key]} = ?`).join(", "),
    entries.map(([, value]) => toSql(value)),
  ];
}

const str = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);
const num = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);
const list = (v: unknown): string[] => (typeof v === "string" ? (JSON.parse(v) as string[]) : []);

function runFromRow(r: Row): RunRecord {
  return {
    id: String(r.id),
    objective: String(r.objective),
    state: r.state as RunRecord["state"],
    baseCommit: String(r.base_commit),
    headCommit: String(r.head_commit),
    headRef: str(r.head_ref),
    integrationCommit: String(r.integration_commit),
    // Runs stored by an older armada lack newer options: their defaults apply.
    options: { ...DEFAULT_RUN_OPTIONS, ...(JSON.parse(String(r.options)) as RunRecord["options"]) },
    checks: list(r.checks),
    conventions: str(r.conventions),
    planUsage: usageFromRow(r.plan_input_tokens, r.plan_output_tokens, r.plan_cost_usd),
    checksState: str(r.checks_state) as RunRecord["checksState"],
    applyState: str(r.apply_state) as RunRecord["applyState"],
    error: str(r.error),
    masterPid: num(r.master_pid),
    masterHost: str(r.master_host),
    heartbeatAt: num(r.heartbeat_at),
    cancelRequested: r.cancel_requested === 1,
    createdAt: Number(r.created_at),
    finishedAt: num(r.finished_at),
    fixRounds: Number(r.fix_rounds ?? 0),
    baseline:
      typeof r.baseline === "string"
        ? (JSON.parse(r.baseline) as RunRecord["baseline"])
        : undefined,
    culprits: typeof r.culprits === "string" ? (JSON.parse(r.culprits) as Culprit[]) : [],
    flaky: list(r.flaky),
    verified:
      typeof r.verified === "string" ? (JSON.parse(r.verified) as VerifiedPoint) : undefined,
    setup: typeof r.setup === "string" ? (JSON.parse(r.setup) as SetupRecord) : undefined,
  };
}

function taskFromRow(r: Row): TaskRecord {
  return {
    runId: String(r.run_id),
    id: String(r.id),
    seq: Number(r.seq),
    title: String(r.title),
    instructions: String(r.instructions),
    files: list(r.files),
    deps: list(r.deps),
    checks: list(r.checks),
    agent: str(r.agent),
    command: str(r.command),
    allowDeletions: r.allow_deletions === 1,
    requireChange: r.require_change === 1,
    bestOf: num(r.best_of),
    state: r.state as TaskRecord["state"],
    attempts: Number(r.attempts),
    mergeState: r.merge_state as TaskRecord["mergeState"],
    conflictPaths: list(r.conflict_paths),
    kind: (str(r.kind) ?? "task") as TaskRecord["kind"],
    startFrom: str(r.start_from),
    context: str(r.context),
    redos: Number(r.redos ?? 0),
    resolves: str(r.resolves),
    cancelRequested: r.cancel_requested === 1,
    retryRequested: r.retry_requested === 1,
    error: str(r.error),
    startedAt: num(r.started_at),
    finishedAt: num(r.finished_at),
  };
}

function attemptFromRow(r: Row): AttemptRecord {
  return {
    runId: String(r.run_id),
    taskId: String(r.task_id),
    n: Number(r.n),
    state: r.state as AttemptRecord["state"],
    startCommit: String(r.start_commit),
    sandbox: str(r.sandbox),
    pgid: num(r.pgid),
    worker: str(r.worker),
    logPath: String(r.log_path),
    error: str(r.error),
    agentMs: num(r.agent_ms),
    usage: usageFromRow(r.input_tokens, r.output_tokens, r.cost_usd),
    metrics:
      typeof r.metrics === "string" ? (JSON.parse(r.metrics) as Record<string, number>) : undefined,
    commit: str(r.commit_id),
    startedAt: Number(r.started_at),
    finishedAt: num(r.finished_at),
  };
}

function resultFromRow(r: Row): ResultRecord {
  return {
    runId: String(r.run_id),
    taskId: String(r.task_id),
    attempt: Number(r.attempt),
    commit: String(r.commit_id),
    startCommit: String(r.start_commit),
    changed: list(r.changed),
    outOfScope: list(r.out_of_scope),
  };
}

function eventFromRow(r: Row): RunEvent {
  return {
    seq: Number(r.seq),
    runId: String(r.run_id),
    taskId: str(r.task_id),
    type: String(r.type),
    data: JSON.parse(String(r.data)) as Record<string, unknown>,
    at: Number(r.at),
  };
}

/** The SQLite store at `$GIT_DIR/armada/armada.db`. */
export function openStore(gitDir: string): RunStore {
  return sqliteStore(openDb(gitDir));
}

export function sqliteStore(db: Db): RunStore {
  // Preparing a statement costs more than running it: each SQL text is prepared once.
  const prepared = new Map<string, Statement>();
  const statement = (sql: string): Statement => {
    let found = prepared.get(sql);
    if (!found) {
      found = db.prepare(sql);
      prepared.set(sql, found);
    }
    return found;
  };
  const insertEvent = statement(
    "INSERT INTO events (run_id, task_id, type, data, at) VALUES (?, ?, ?, ?, ?)",
  );
  const appendEvent = (runId: string, event: EventInput): void => {
    insertEvent.run(
      runId,
      event.taskId ?? null,
      event.type,
      JSON.stringify(event.data ?? {}),
      Date.now(),
    );
  };

  const writeTask = (runId: string, taskId: string, patch: TaskPatch, event?: EventInput): void => {
    const [set, values] = setClause(patch, TASK_COLUMNS);
    if (set)
      statement(`UPDATE tasks SET ${set} WHERE run_id = ? AND id = ?`).run(
        ...values,
        runId,
        taskId,
      );
    if (event) appendEvent(runId, { ...event, taskId: event.taskId ?? taskId });
  };

  const insertTaskRow = statement(
    `INSERT INTO tasks (run_id, id, seq, title, instructions, files, deps, checks, agent, command, state,
       kind, start_from, context, allow_deletions, resolves, best_of, require_change)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertTask = (runId: string, seq: number, t: NewTask): void => {
    insertTaskRow.run(
      runId,
      t.id,
      seq,
      t.title,
      t.instructions,
      JSON.stringify(t.files),
      JSON.stringify(t.deps),
      JSON.stringify(t.checks),
      t.agent ?? null,
      t.command ?? null,
      t.kind,
      t.startFrom ?? null,
      t.context ?? null,
      t.allowDeletions ? 1 : 0,
      t.resolves ?? null,
      t.bestOf ?? null,
      t.requireChange ? 1 : 0,
    );
  };

  const store: RunStore = {
    createRun(run) {
      const now = Date.now();
      db.transaction(() => {
        statement(
          `INSERT INTO runs (id, objective, state, base_commit, head_commit, head_ref, integration_commit,
             options, checks, conventions, plan_input_tokens, plan_output_tokens, plan_cost_usd, created_at)
             VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          run.id,
          run.plan.objective,
          run.baseCommit,
          run.headCommit,
          run.headRef ?? null,
          run.baseCommit,
          JSON.stringify(run.options),
          JSON.stringify(run.plan.checks),
          run.plan.conventions ?? null,
          ...usageColumns(run.planUsage).map(([, value]) => toSql(value)),
          now,
        );
        run.plan.tasks.forEach((t, i) => {
          insertTask(run.id, i, { ...t, kind: "task" });
        });
        appendEvent(run.id, {
          type: "run.created",
          data: {
            objective: run.plan.objective,
            tasks: run.plan.tasks.length,
            base: run.baseCommit,
          },
        });
      })();
      const created = store.getRun(run.id);
      if (!created) throw new Error(`run ${run.id} vanished after insert`);
      return created;
    },
    getRun(id) {
      const row = statement("SELECT * FROM runs WHERE id = ?").get(id) as Row | undefined;
      return row ? runFromRow(row) : undefined;
    },
    listRuns() {
      return (
        statement("SELECT * FROM runs ORDER BY created_at DESC, rowid DESC").all() as Row[]
      ).map(runFromRow);
    },
    updateRun(id, patch, event) {
      const [set, values] = setClause(patch, RUN_COLUMNS);
      db.transaction(() => {
        if (set) statement(`UPDATE runs SET ${set} WHERE id = ?`).run(...values, id);
        if (event) appendEvent(id, event);
      })();
    },
    listTasks(runId) {
      return (
        statement("SELECT * FROM tasks WHERE run_id = ? ORDER BY seq").all(runId) as Row[]
      ).map(taskFromRow);
    },
    getTask(runId, taskId) {
      const row = statement("SELECT * FROM tasks WHERE run_id = ? AND id = ?").get(runId, taskId) as
        | Row
        | undefined;
      return row ? taskFromRow(row) : undefined;
    },
    updateTask(runId, taskId, patch, event) {
      db.transaction(() => writeTask(runId, taskId, patch, event))();
    },
    updateTasks(runId, updates) {
      db.transaction(() => {
        for (const { taskId, patch, event } of updates) writeTask(runId, taskId, patch, event);
      })();
    },
    addTask(runId, task, event) {
      db.transaction(() => {
        const row = statement(
          "SELECT COALESCE(MAX(seq), -1) + 1 AS next FROM tasks WHERE run_id = ?",
        ).get(runId) as {
          next: number;
        };
        insertTask(runId, row.next, task);
        appendEvent(
          runId,
          event ?? {
            type: "task.added",
            taskId: task.id,
            data: { kind: task.kind, title: task.title },
          },
        );
      })();
      const added = store.getTask(runId, task.id);
      if (!added) throw new Error(`task ${task.id} vanished after insert`);
      return added;
    },
    tasksAskedToCancel(runId) {
      return (
        statement(
          `SELECT id FROM tasks WHERE run_id = ? AND cancel_requested = 1
               AND state NOT IN ('completed', 'failed', 'blocked', 'cancelled') ORDER BY seq`,
        ).all(runId) as { id: string }[]
      ).map((r) => r.id);
    },
    tasksAskedToRetry(runId) {
      return (
        statement("SELECT id FROM tasks WHERE run_id = ? AND retry_requested = 1 ORDER BY seq").all(
          runId,
        ) as { id: string }[]
      ).map((r) => r.id);
    },
    insertAttempt(a) {
      statement(
        `INSERT INTO attempts (run_id, task_id, n, state, start_commit, sandbox, pgid, worker, log_path, started_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        a.runId,
        a.taskId,
        a.n,
        a.state,
        a.startCommit,
        a.sandbox ?? null,
        a.pgid ?? null,
        a.worker ?? null,
        a.logPath,
        a.startedAt,
      );
    },
    updateAttempt(runId, taskId, n, patch) {
      const { usage, ...rest } = patch;
      const [set, values] = setClause(rest, ATTEMPT_COLUMNS);
      const assignments = set ? [set] : [];
      if ("usage" in patch) {
        for (const [column, value] of usageColumns(usage)) {
          assignments.push(`${column} = ?`);
          values.push(toSql(value));
        }
      }
      if (assignments.length === 0) return;
      statement(
        `UPDATE attempts SET ${assignments.join(", ")} WHERE run_id = ? AND task_id = ? AND n = ?`,
      ).run(...values, runId, taskId, n);
    },
    listAttempts(runId, taskId) {
      const rows = (
        taskId === undefined
          ? statement("SELECT * FROM attempts WHERE run_id = ? ORDER BY started_at, n").all(runId)
          : statement("SELECT * FROM attempts WHERE run_id = ? AND task_id = ? ORDER BY n").all(
              runId,
              taskId,
            )
      ) as Row[];
      return rows.map(attemptFromRow);
    },
    saveResult(r) {
      statement(
        `INSERT OR REPLACE INTO results (run_id, task_id, attempt, commit_id, start_commit, changed, out_of_scope, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        r.runId,
        r.taskId,
        r.attempt,
        r.commit,
        r.startCommit,
        JSON.stringify(r.changed),
        JSON.stringify(r.outOfScope),
        Date.now(),
      );
    },
    getResult(runId, taskId) {
      const row = statement("SELECT * FROM results WHERE run_id = ? AND task_id = ?").get(
        runId,
        taskId,
      ) as Row | undefined;
      return row ? resultFromRow(row) : undefined;
    },
    listResults(runId) {
      return (statement("SELECT * FROM results WHERE run_id = ?").all(runId) as Row[]).map(
        resultFromRow,
      );
    },
    appendEvent,
    eventsAfter(runId, seq, limit = 10_000) {
      return (
        statement("SELECT * FROM events WHERE run_id = ? AND seq > ? ORDER BY seq LIMIT ?").all(
          runId,
          seq,
          limit,
        ) as Row[]
      ).map(eventFromRow);
    },
    taskEvents(runId, taskId) {
      return (
        statement("SELECT * FROM events WHERE run_id = ? AND task_id = ? ORDER BY seq").all(
          runId,
          taskId,
        ) as Row[]
      ).map(eventFromRow);
    },
    eventsSince(seq, limit = 10_000) {
      return (
        statement("SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?").all(
          seq,
          limit,
        ) as Row[]
      ).map(eventFromRow);
    },
    runTotals(runId) {
      const counts = countByState([]);
      const rows = statement(
        "SELECT state, COUNT(*) AS n FROM tasks WHERE run_id = ? GROUP BY state",
      ).all(runId) as { state: TaskState; n: number }[];
      for (const row of rows) counts[row.state] = Number(row.n);
      const spent = statement(
        `SELECT SUM(input_tokens) AS i, SUM(output_tokens) AS o, SUM(cost_usd) AS c,
                SUM(input_tokens IS NOT NULL AND cost_usd IS NULL) AS unpriced
           FROM attempts WHERE run_id = ?`,
      ).get(runId) as {
        i: number | null;
        o: number | null;
        c: number | null;
        unpriced: number | null;
      };
      const plan = store.getRun(runId)?.planUsage;
      const attempts = usageFromRow(spent.i, spent.o, spent.unpriced ? null : spent.c);
      const usage = plan && attempts ? addUsage(plan, attempts) : (plan ?? attempts);
      return { counts, usage };
    },
    lastEventSeq(runId) {
      const row = (
        runId === undefined
          ? statement("SELECT COALESCE(MAX(seq), 0) AS seq FROM events").get()
          : statement("SELECT COALESCE(MAX(seq), 0) AS seq FROM events WHERE run_id = ?").get(runId)
      ) as { seq: number };
      return row.seq;
    },
    deleteRun(id) {
      db.transaction(() => {
        statement("DELETE FROM events WHERE run_id = ?").run(id);
        statement("DELETE FROM results WHERE run_id = ?").run(id);
        statement("DELETE FROM attempts WHERE run_id = ?").run(id);
        statement("DELETE FROM tasks WHERE run_id = ?").run(id);
        statement("DELETE FROM runs WHERE id = ?").run(id);
      })();
    },
    close() {
      db.close();
    },
  };
  return store;
}
