import {
  type AttemptRecord,
  addUsage,
  type Culprit,
  countByState,
  formatDuration,
  formatUsd,
  masterAlive,
  type ResultRecord,
  type RunRecord,
  type RunStore,
  type TaskRecord,
  type Usage,
} from "../core/index.js";
import { fitColumn } from "./fit-column.js";
import { ICONS, LABELS, runElapsed } from "./task-view.js";

export interface RunView {
  run: RunRecord;
  tasks: TaskRecord[];
  attempts: AttemptRecord[];
  results: ResultRecord[];
}

function sumUsage(usages: (Usage | undefined)[]): Usage | undefined {
  const known = usages.filter((u): u is Usage => u !== undefined);
  if (known.length === 0) return undefined;
  return known.reduce((a, b) => addUsage(a, b));
}

/** What a run's model calls used: the planner's and every attempt's. */
export function runUsage(view: RunView): { total?: Usage; planning?: Usage } {
  const planning = view.run.planUsage;
  const total = sumUsage([planning, ...view.attempts.map((a) => a.usage)]);
  return { ...(total ? { total } : {}), ...(planning ? { planning } : {}) };
}

function usageJson(usage: Usage | undefined): Record<string, unknown> | null {
  if (!usage) return null;
  return {
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    costUsd: usage.costUsd ?? null,
  };
}

function money(usage: Usage): string {
  return usage.costUsd === undefined
    ? "cost unknown (no price for the model)"
    : formatUsd(usage.costUsd);
}

function usageLine(view: RunView): string | undefined {
  const { total, planning } = runUsage(view);
  if (!total) return undefined;
  const budget = view.run.options.budgetUsd;
  return `Usage: ${total.inputTokens.toLocaleString("en-US")} tokens in, ${total.outputTokens.toLocaleString("en-US")} out · ${money(total)}${planning ? ` (planning ${money(planning)})` : ""}${budget !== undefined ? ` · budget ${formatUsd(budget)}` : ""}`;
}

function runStateLabel(run: RunRecord): string {
  const live = ["running", "checking", "syncing"].includes(run.state);
  if (live && !masterAlive(run))
    return `${run.state}, but its master is gone: \`armada resume ${run.id}\``;
  return run.state;
}

function _fit(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ");
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat.padEnd(width);
}

/** The fleet worker of the task's latest attempt; a queued task's belongs to an attempt that is over. */
function workerOf(view: RunView, task: TaskRecord): string | undefined {
  if (task.state === "queued") return undefined;
  return view.attempts.find((a) => a.taskId === task.id && a.n === task.attempts)?.worker;
}

/** A run with more tasks than this lists the ones worth a look, and counts the rest. */
const MAX_ROWS = 60;

/**
 * The rows of a large run worth a look: working, failed, blocked and conflicting tasks first
 * (up to MAX_ROWS), then the first of the others while room is left.
 */
function rowsWorthShowing(tasks: TaskRecord[]): TaskRecord[] {
  if (tasks.length <= MAX_ROWS) return tasks;
  const notable = (t: TaskRecord): boolean =>
    t.state === "active" ||
    t.state === "failed" ||
    t.state === "blocked" ||
    t.mergeState === "conflict";
  const first = tasks.filter(notable).slice(0, MAX_ROWS);
  const room = Math.max(0, 20 - first.length);
  const picked = new Set([...first, ...tasks.filter((t) => !notable(t)).slice(0, room)]);
  return tasks.filter((t) => picked.has(t));
}

/** The snapshot `armada status` prints: SEED.txt's dashboard, plus why anything failed. */
export function formatStatus(view: RunView, columns = 100, all = false): string {
  const { run, tasks } = view;
  const counts = countByState(tasks);
  const rule = "━".repeat(Math.min(columns, 72));
  const thin = "─".repeat(Math.min(columns, 72));
  const lines = [
    rule,
    `Run ${run.id}: "${run.objective}"`,
    `State: ${runStateLabel(run)} · ${formatDuration(runElapsed(run))} · base ${run.baseCommit.slice(0, 12)}`,
    `Sub-agents: ${counts.active} active, ${counts.completed} completed, ${counts.failed} failed, ${counts.queued} queued, ${counts.blocked} blocked${counts.cancelled ? `, ${counts.cancelled} cancelled` : ""}`,
    thin,
  ];
  // Reduced, not spread: a spread of 100,000 arguments overflows the stack.
  const idWidth = Math.min(
    24,
    tasks.reduce((widest, t) => Math.max(widest, t.id.length), 4),
  );
  const titleWidth = Math.max(16, Math.min(60, columns - idWidth - 26));
  if (run.setup) {
    const label = {
      running: "RUNNING",
      built: "DONE",
      cached: "CACHED",
      failed: "FAILED",
    }[run.setup.state];
    const icon = {
      running: ICONS.active,
      built: ICONS.completed,
      cached: ICONS.completed,
      failed: ICONS.failed,
    }[run.setup.state];
    const what = (run.options.setup?.commands ?? []).join(" && ");
    lines.push(
      `${icon}  ${fitColumn("setup", idWidth)}  ${fitColumn(what, titleWidth)}  [${label}]`,
    );
    if (run.setup.state === "failed" && run.setup.error)
      lines.push(`      why: ${run.setup.error.split("\n")[0]} (armada logs ${run.id} setup)`);
  }
  const shown = all ? tasks : rowsWorthShowing(tasks);
  for (const task of shown) {
    const conflict = task.mergeState === "conflict";
    const icon = conflict ? ICONS.conflict : ICONS[task.state];
    const label = conflict ? "CONFLICT" : LABELS[task.state];
    const attempt = task.attempts > 1 || task.state === "active" ? ` attempt ${task.attempts}` : "";
    const worker = workerOf(view, task);
    lines.push(
      `${icon}  ${fitColumn(task.id, idWidth)}  ${fitColumn(task.title, titleWidth)}  [${label}]${attempt}${worker ? ` on worker ${worker}` : ""}`,
    );
    if (conflict) lines.push(`      conflicts in: ${task.conflictPaths.join(", ")}`);
    if (task.mergeState === "resolved") {
      const resolver = tasks.find((t) => t.resolves === task.id);
      lines.push(
        `      conflict in ${task.conflictPaths.join(", ")}: resolved by ${resolver?.id ?? "a resolver"}`,
      );
    } else if (task.redos > 0 && task.conflictPaths.length > 0 && task.mergeState === "merged") {
      lines.push(
        `      conflict in ${task.conflictPaths.join(", ")}: redone on the merged state (${task.redos}x)`,
      );
    }
    const broke = run.culprits.filter((c) => c.taskId === task.id);
    if (broke.length > 0) {
      const checks = [...new Set(broke.flatMap((c) => c.checks))].map((c) => `\`${c}\``);
      const partner = broke.find((c) => c.partner)?.partner;
      lines.push(
        `      its result broke ${checks.join(", ")}${partner ? ` together with ${partner}'s` : ""}: redone from the merged state without it (${broke.length}x)`,
      );
    }
    if ((task.state === "failed" || task.state === "blocked") && task.error) {
      const [reason, ...tail] = task.error.split("\n");
      lines.push(`      why: ${reason}`);
      for (const line of tail.filter((l) => l.trim()).slice(-5))
        lines.push(`      │ ${line.slice(0, columns - 8)}`);
      if (task.state === "failed") lines.push(`      full log: armada logs ${run.id} ${task.id}`);
    }
  }
  if (shown.length < tasks.length) {
    const hidden = countByState(tasks.filter((t) => !shown.includes(t)));
    const said = Object.entries(hidden)
      .filter(([, n]) => n > 0)
      .map(([state, n]) => `${n} ${state}`);
    lines.push(
      `   … ${tasks.length - shown.length} more tasks (${said.join(", ")}): \`armada status ${run.id} --all\` lists every one`,
    );
  }
  lines.push(thin);
  lines.push(...resultLines(view));
  lines.push(rule);
  return `${lines.join("\n")}\n`;
}

/** The counts agents reported, summed over the attempts whose results were merged. */
export function mergedMetrics(view: RunView): Record<string, number> {
  const merged = new Map(view.results.map((r) => [r.taskId, r.attempt]));
  const totals: Record<string, number> = {};
  for (const attempt of view.attempts) {
    if (merged.get(attempt.taskId) !== attempt.n) continue;
    for (const [name, value] of Object.entries(attempt.metrics ?? {}))
      totals[name] = (totals[name] ?? 0) + value;
  }
  return totals;
}

/** Completed tasks whose agent changed nothing: their result is their start. */
export function changedNothing(view: RunView): string[] {
  const done = new Set(view.tasks.filter((t) => t.state === "completed").map((t) => t.id));
  return view.results
    .filter((r) => done.has(r.taskId) && r.commit === r.startCommit)
    .map((r) => r.taskId);
}

/** Where a run's result went: conflicts, the result branch and its files, checks, sync. */
export function resultLines(view: RunView): string[] {
  const { run, tasks } = view;
  const mergedIds = new Set(tasks.filter((t) => t.mergeState === "merged").map((t) => t.id));
  const merged = mergedIds.size;
  const files = new Set(
    view.results.filter((r) => mergedIds.has(r.taskId)).flatMap((r) => r.changed),
  ).size;
  const resolved = tasks.filter(
    (t) =>
      t.mergeState === "resolved" ||
      (t.redos > 0 && t.conflictPaths.length > 0 && t.mergeState === "merged"),
  ).length;
  const open = tasks.filter((t) => t.mergeState === "conflict").length;
  const lines: string[] = [];
  if (resolved || open) lines.push(`Conflicts: ${resolved} resolved, ${open} open`);
  const debt = mergedMetrics(view)["type-debt"];
  if (debt !== undefined) {
    const where = tasks.find((t) => t.id === "fix-type-errors")
      ? ` (armada logs ${run.id} fix-type-errors lists them)`
      : "";
    lines.push(
      `Type debt: ${debt} @ts-expect-error line${debt === 1 ? "" : "s"} left for a person or a model${where}`,
    );
  }
  if (run.integrationCommit !== run.baseCommit) {
    lines.push(
      `Result: branch armada/${run.id} (${merged} task result${merged === 1 ? "" : "s"} merged, ${files} file${files === 1 ? "" : "s"} changed)`,
    );
  } else if (["completed", "failed", "cancelled"].includes(run.state)) {
    lines.push("Result: no changes");
  }
  const idle = changedNothing(view);
  if (idle.length) {
    const named =
      idle.slice(0, 5).join(", ") + (idle.length > 5 ? `, … ${idle.length - 5} more` : "");
    lines.push(
      `No change: ${idle.length} task${idle.length === 1 ? "" : "s"} changed nothing (${named}); \`armada logs ${run.id} <task>\` shows what the agent said, --require-change makes it a failure`,
    );
  }
  if (run.checks.length) {
    const known = (run.baseline ?? []).filter((b) => b.still).map((b) => b.check);
    const state =
      run.checksState === "passed" && known.length
        ? "no regression"
        : (run.checksState ?? "not run yet");
    lines.push(`Checks: ${state} (${run.checks.join(" && ")})`);
    if (known.length)
      lines.push(
        `  failing on the base the same way, not counted: ${known.join(", ")} (their output: $GIT_DIR/armada/runs/${run.id}/logs/baseline.log)`,
      );
    for (const culprit of run.culprits) lines.push(`  ${culpritLine(view, culprit)}`);
    if (run.flaky.length)
      lines.push(`  flaky (failed, then passed on the same tree): ${run.flaky.join(", ")}`);
    if (run.options.verifyEvery && run.verified)
      lines.push(`  verified: the checks passed after merge ${run.verified.merges}`);
  }
  if (run.applyState) {
    const text = {
      applied: "applied to your working tree as uncommitted changes",
      refused: `not applied: your working tree changed the same paths (\`armada apply ${run.id}\` after committing or stashing them)`,
      skipped: `not applied because the checks failed (\`armada apply ${run.id}\` applies it anyway)`,
      nothing: "nothing to apply",
    }[run.applyState];
    lines.push(`Sync: ${text}`);
  } else if (!run.options.apply && run.integrationCommit !== run.baseCommit) {
    lines.push(`Sync: kept on the branch (--no-apply); \`armada apply ${run.id}\` applies it`);
  }
  const usage = usageLine(view);
  if (usage) lines.push(usage);
  if (run.error) lines.push(`Problems: ${run.error}`);
  return lines;
}

/** "result 17 (task api-client) broke `npm test`; redone, passed". */
function culpritLine(view: RunView, culprit: Culprit): string {
  const checks = culprit.checks.map((c) => `\`${c}\``).join(", ");
  const task = view.tasks.find((t) => t.id === culprit.taskId);
  const found = culprit.partner
    ? `results of tasks ${culprit.partner} and ${culprit.taskId} broke ${checks} together`
    : `result ${culprit.position} of ${culprit.of} (task ${culprit.taskId}) broke ${checks}`;
  const now =
    task?.state === "completed" && task.mergeState === "merged"
      ? view.run.checksState === "passed"
        ? "redone, passed"
        : "redone"
      : task?.state === "failed"
        ? "its redo failed"
        : "being redone";
  return `${found} (found in ${culprit.probes} check run${culprit.probes === 1 ? "" : "s"}); ${now}`;
}

export function statusJson(view: RunView): Record<string, unknown> {
  const { run, tasks, attempts, results } = view;
  const resultOf = new Map(results.map((r) => [r.taskId, r]));
  const idle = new Set(changedNothing(view));
  // Grouped once: a finished run of 100,000 tasks has as many attempts.
  const attemptsOf = new Map<string, AttemptRecord[]>();
  for (const attempt of attempts) {
    const list = attemptsOf.get(attempt.taskId);
    if (list) list.push(attempt);
    else attemptsOf.set(attempt.taskId, [attempt]);
  }
  return {
    run: {
      id: run.id,
      objective: run.objective,
      state: run.state,
      masterAlive: masterAlive(run),
      masterPid: run.masterPid ?? null,
      counts: countByState(tasks),
      noChange: idle.size,
      metrics: mergedMetrics(view),
      base: run.baseCommit,
      branch: `armada/${run.id}`,
      result: run.integrationCommit,
      checks: run.checks,
      checksState: run.checksState ?? null,
      baseline: run.baseline
        ? {
            failing: run.baseline.map((b) => b.check),
            tests: Object.fromEntries(
              run.baseline.flatMap((b) => (b.tests ? [[b.check, b.tests]] : [])),
            ),
          }
        : null,
      setup: run.setup
        ? {
            ...run.setup,
            commands: run.options.setup?.commands ?? [],
            from: run.options.setup?.from,
          }
        : null,
      regressions: {
        culprits: run.culprits,
        flaky: run.flaky,
        verified: run.verified ?? null,
      },
      applyState: run.applyState ?? null,
      error: run.error ?? null,
      createdAt: new Date(run.createdAt).toISOString(),
      finishedAt: run.finishedAt ? new Date(run.finishedAt).toISOString() : null,
      elapsedMs: runElapsed(run),
      options: run.options,
      usage: {
        total: usageJson(runUsage(view).total),
        planning: usageJson(run.planUsage),
        budgetUsd: run.options.budgetUsd ?? null,
      },
    },
    tasks: tasks.map((t) => {
      const result = resultOf.get(t.id);
      const own = attemptsOf.get(t.id) ?? [];
      const last = own.at(-1);
      return {
        id: t.id,
        title: t.title,
        state: t.state,
        attempts: t.attempts,
        deps: t.deps,
        files: t.files,
        merge: t.mergeState,
        kind: t.kind,
        worker:
          (t.state === "queued" ? undefined : own.find((a) => a.n === t.attempts)?.worker) ?? null,
        conflicts: t.conflictPaths,
        redos: t.redos,
        ...(t.resolves ? { resolves: t.resolves } : {}),
        error: t.error ?? null,
        noChange: idle.has(t.id),
        result: result?.commit ?? null,
        changed: result?.changed ?? [],
        outOfScope: result?.outOfScope ?? [],
        usage: usageJson(sumUsage(own.map((a) => a.usage))),
        metrics: own.find((a) => a.n === result?.attempt)?.metrics ?? {},
        lastAttempt: last
          ? {
              n: last.n,
              state: last.state,
              worker: last.worker ?? null,
              startedAt: new Date(last.startedAt).toISOString(),
              durationMs: last.finishedAt ? last.finishedAt - last.startedAt : null,
              agentMs: last.agentMs ?? null,
              usage: usageJson(last.usage),
            }
          : null,
      };
    }),
  };
}

export function loadView(store: RunStore, run: RunRecord): RunView {
  return {
    run,
    tasks: store.listTasks(run.id),
    attempts: store.listAttempts(run.id),
    results: store.listResults(run.id),
  };
}
