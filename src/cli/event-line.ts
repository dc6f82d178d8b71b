import { type CheckFailure, formatUsd, type RunEvent } from "../core/index.js";

export function clock(at: number): string {
  return new Date(at).toTimeString().slice(0, 8);
}

function firstLine(value: unknown): string {
  return String(value ?? "").split("\n")[0] ?? "";
}

/** Test ids as a list a line can hold: the first few, then how many more. */
function listed(tests: string[]): string {
  const shown = tests.slice(0, 5).join(", ");
  return tests.length > 5 ? `${shown}, … ${tests.length - 5} more` : shown;
}

/** One plain line per state change, for terminals without the dashboard, CI logs and pipes. */
export function eventLine(event: RunEvent): string | undefined {
  const text = eventText(event);
  return text === undefined ? undefined : `${clock(event.at)} ${text}`;
}

/** What a state change says, without its time (the web page shows that in a column). */
export function eventText(event: RunEvent): string | undefined {
  const d = event.data;
  const who = event.taskId ?? "run";
  switch (event.type) {
    case "run.created":
      return `run created: ${d.tasks} tasks from base ${String(d.base).slice(0, 12)}`;
    case "run.state":
      return `run ${String(d.state).toUpperCase()}${d.error ? `: ${firstLine(d.error)}` : ""}`;
    case "task.state": {
      const state = String(d.state);
      const label =
        {
          active: "WORKING",
          completed: "DONE",
          failed: "FAILED",
          blocked: "BLOCKED",
          cancelled: "CANCELLED",
        }[state] ?? state.toUpperCase();
      const extra =
        state === "active"
          ? ` (attempt ${d.attempt})`
          : state === "completed"
            ? d.noChange
              ? `, NO CHANGE: the agent changed nothing (it said: ${firstLine(d.noChange)})`
              : ` (${d.changed} file${d.changed === 1 ? "" : "s"} changed)`
            : d.error
              ? `: ${firstLine(d.error)}`
              : "";
      return `${who} ${label}${extra}`;
    }
    case "task.retry":
      return `${who} RETRY: attempt ${d.attempt} ${firstLine(d.error)}; trying attempt ${d.next}`;
    case "task.requeued":
      return `${who} REQUEUED (${d.reason})`;
    case "task.conflict":
      return `${who} CONFLICT in ${(d.paths as string[]).join(", ")}`;
    case "task.redo":
      return d.checks
        ? `${who} REDO from the merged state without its result (redo ${d.redo}), with the failing checks as feedback`
        : `${who} REDO on the merged state (${d.redo} of ${d.of}) to avoid the conflict`;
    case "run.bisect": {
      const checks = (d.checks as string[]).map((c) => `\`${c}\``).join(", ");
      const found = d.partner
        ? `results ${d.partner} and ${who} (${d.position} of ${d.of}) break ${checks} together (a semantic conflict)`
        : `result ${d.position} of ${d.of} (task ${who}) broke ${checks}`;
      return `run BISECT: ${found}, found in ${d.probes} check run${d.probes === 1 ? "" : "s"}; taken out and sent back to its agent`;
    }
    case "run.verify": {
      const flaky = (d.flaky as string[] | undefined) ?? [];
      const said = d.passed
        ? `the checks pass after ${d.merges} merges`
        : `the checks FAIL after ${d.merges} merges (last verified after ${d.since}); bisecting the batch`;
      return `run VERIFY: ${said}${flaky.length ? ` (flaky: ${flaky.join(", ")} failed, then passed on the same tree)` : ""}`;
    }
    case "task.added":
      return d.kind === "resolver"
        ? `${who} ADDED to resolve the conflict of ${d.resolves}`
        : `${who} ADDED to fix the failing checks (round ${d.round})`;
    case "task.resolved":
      return `${who} RESOLVED by ${d.by}`;
    case "run.squashed":
      return `run SQUASHED into ${String(d.commit).slice(0, 12)}`;
    case "task.out-of-scope":
      return `${who} OUT OF SCOPE: ${(d.paths as string[]).join(", ")}`;
    case "task.worker":
      return `${who} ON WORKER ${d.worker} (attempt ${d.attempt})`;
    case "task.phase":
      return d.phase === "rate-limited" ? `${who} WAITING on the model's rate limit` : undefined;
    case "task.best-of": {
      const attempts = d.attempts as { n: number; state: string; changeSize: number | null }[];
      const kept = attempts.find((a) => a.n === d.kept);
      return kept
        ? `${who} KEPT attempt ${kept.n} of ${attempts.map((a) => a.n).join(", ")} (its checks passed; the smallest change, ${kept.changeSize} lines)`
        : `${who} no attempt of ${attempts.map((a) => a.n).join(", ")} succeeded`;
    }
    case "run.budget":
      return `run BUDGET REACHED: ${formatUsd(Number(d.spentUsd))} spent of ${formatUsd(Number(d.budgetUsd))}; no new task starts`;
    case "run.halted":
      return `run HALTED: ${who === "run" ? String(d.task) : who} failed in a way every attempt would (${firstLine(d.error)}); no new task starts`;
    case "run.checks": {
      const known = (d.preExisting as string[] | undefined) ?? [];
      const newTests = ((d.failures as CheckFailure[] | undefined) ?? []).flatMap(
        (f) => f.tests ?? [],
      );
      const flaky = (d.flaky as string[] | undefined) ?? [];
      const notes = [
        ...(known.length
          ? [`failing on the base the same way, not counted: ${known.join(", ")}`]
          : []),
        ...(flaky.length
          ? [`flaky, failed then passed on the same tree: ${flaky.join(", ")}`]
          : []),
        ...(d.verified ? [`verified after merge ${d.verified}`] : []),
        ...(newTests.length ? [`newly failing: ${listed(newTests)}`] : []),
      ];
      return `run checks ${d.passed ? "PASSED" : "FAILED"}${notes.length ? ` (${notes.join("; ")})` : ""}`;
    }
    case "run.setup": {
      const took =
        typeof d.durationMs === "number" ? ` in ${(d.durationMs / 1000).toFixed(1)}s` : "";
      const paths = (d.paths as string[] | undefined) ?? [];
      const dropped = (d.droppedTracked as string[] | undefined) ?? [];
      const droppedText = dropped.length
        ? `; changes to tracked files left out: ${dropped.slice(0, 5).join(", ")}`
        : "";
      if (d.state === "running")
        return `setup RUNNING: ${(d.commands as string[]).join(" && ")} (${d.from})`;
      if (d.state === "failed") return `setup FAILED: ${firstLine(d.error)} (log: ${d.log})`;
      return `setup ${d.state === "cached" ? "CACHED: the layer of an earlier run with the same inputs" : `DONE${took}`}: ${paths.join(", ") || "nothing new"} under every sandbox${droppedText}`;
    }
    case "run.baseline": {
      if (d.error) return `run BASELINE could not run: ${firstLine(d.error)}`;
      const failing = (d.failing as string[] | undefined) ?? [];
      const tests = ((d.failures as CheckFailure[] | undefined) ?? []).flatMap((f) =>
        f.tests
          ? [`${f.tests.length} failing test${f.tests.length === 1 ? "" : "s"}: ${listed(f.tests)}`]
          : [],
      );
      return failing.length
        ? `run BASELINE: ${failing.map((c) => `\`${c}\``).join(", ")} already ${failing.length === 1 ? "fails" : "fail"} on your base${tests.length ? ` (${tests.join("; ")})` : ""} (${d.log}); only regressions count`
        : `run BASELINE: the checks pass on your base`;
    }
    case "sync.applied":
      return `run APPLIED to the working tree (${(d.paths as string[]).length} paths)`;
    case "sync.refused":
      return `run NOT APPLIED: ${d.reason}: ${(d.paths as string[]).join(", ")}`;
    case "sync.skipped":
      return `run NOT APPLIED: ${d.reason}`;
    default:
      return undefined;
  }
}
