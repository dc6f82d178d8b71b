import type { RunEvent, RunRecord, TaskRecord } from "../core/index.js";
import { readLogTail } from "../ui/log-tail.js";
import type { BaselineView, CheckRound, ConflictView, CulpritView, SetupView } from "./api.js";

const OUTPUT_BYTES = 64 * 1024;

const texts = (v: unknown): string[] =>
  Array.isArray(v) ? v.flatMap((x) => (typeof x === "string" ? [x] : [])) : [];
/** Check failures come as names or as objects naming their check. */
const checkNames = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((x) =>
        typeof x === "string"
          ? [x]
          : typeof x === "object" && x !== null && "check" in x && typeof x.check === "string"
            ? [x.check]
            : [],
      )
    : [];

function tailOf(file: unknown): string | undefined {
  if (typeof file !== "string" || file === "") return undefined;
  return readLogTail(file, OUTPUT_BYTES)?.text;
}

/**
 * The parts of a run's page that only its events tell: conflicts and what became of them, the
 * rounds of run checks with their output. Kept current event by event.
 */
export interface RunExtras {
  conflicts: ConflictView[];
  checkRounds: CheckRound[];
}

export function emptyExtras(): RunExtras {
  return { conflicts: [], checkRounds: [] };
}

const EXTRA_EVENTS = new Set([
  "task.conflict",
  "task.redo",
  "task.resolved",
  "task.added",
  "run.checks",
]);

/** Whether the event moves the extras: the others need not be looked at. */
export function movesExtras(event: RunEvent): boolean {
  return EXTRA_EVENTS.has(event.type);
}

/** Applies one event; says what moved, so only that part goes to the pages. */
export function applyExtraEvent(
  extras: RunExtras,
  event: RunEvent,
  task: (id: string) => TaskRecord | undefined,
): "conflicts" | "checkRounds" | undefined {
  const open = (taskId: string | undefined): ConflictView | undefined =>
    extras.conflicts.findLast((c) => c.taskId === taskId && c.outcome !== "resolved");
  switch (event.type) {
    case "task.conflict":
      if (!event.taskId) return undefined;
      extras.conflicts.push({
        taskId: event.taskId,
        at: event.at,
        paths: texts(event.data.paths),
        outcome: "waiting",
      });
      return "conflicts";
    case "task.redo": {
      // Redos also follow bisection's culprits, which are no conflict.
      const conflict = open(event.taskId);
      if (conflict?.outcome !== "waiting") return undefined;
      conflict.outcome = "redo";
      return "conflicts";
    }
    case "task.added": {
      const added = event.taskId ? task(event.taskId) : undefined;
      const conflict = added?.kind === "resolver" ? open(added.resolves) : undefined;
      if (!conflict || !added) return undefined;
      conflict.outcome = "resolver";
      conflict.resolver = added.id;
      return "conflicts";
    }
    case "task.resolved": {
      const conflict = open(event.taskId);
      if (!conflict) return undefined;
      conflict.outcome = "resolved";
      return "conflicts";
    }
    case "run.checks":
      extras.checkRounds.push({
        at: event.at,
        passed: event.data.passed === true,
        failures: checkNames(event.data.failures),
        preExisting: texts(event.data.preExisting),
        flaky: texts(event.data.flaky),
        output: tailOf(event.data.log),
      });
      return "checkRounds";
  }
  return undefined;
}

export function setupView(run: RunRecord): SetupView | undefined {
  if (!run.setup) return undefined;
  return {
    state: run.setup.state,
    commands: run.options.setup?.commands ?? [],
    durationMs: run.setup.durationMs,
    paths: run.setup.paths,
    error: run.setup.error,
    output: tailOf(run.setup.log) ?? "",
  };
}

export function baselineView(run: RunRecord): BaselineView[] | undefined {
  return run.baseline?.map((b) => ({
    check: b.check,
    lines: b.lines,
    tests: b.tests,
    still: b.still,
  }));
}

export function culpritViews(run: RunRecord): CulpritView[] {
  return run.culprits.map((c) => ({
    taskId: c.taskId,
    position: c.position,
    of: c.of,
    checks: c.checks,
    partner: c.partner,
  }));
}
