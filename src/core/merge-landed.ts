import { literalGlob } from "./literal-glob.js";
import { prompt } from "./prompts.js";
import type { ResultRecord, TaskRecord } from "./records.js";
import { type RunSession, TERMINAL_TASK_STATES } from "./run-session.js";

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/** A check that fails while any of the files still holds a conflict marker. */
export function noMarkersCheck(paths: string[]): string {
  return `! grep -n -E '^(<<<<<<<|>>>>>>>)( |$)' -- ${paths.map(shellQuote).join(" ")} 2>/dev/null`;
}

function uniqueTaskId(taken: Set<string>, wanted: string): string {
  const base = wanted.slice(0, 70);
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Merges into the integration state every result that landed and is not merged yet, as soon
 * as it lands, so conflicts surface early. A conflict is handled by the run's policy.
 */
export async function mergeLanded(session: RunSession): Promise<number> {
  const { store, assembler } = session.deps;
  const { runId } = session;
  let handled = 0;
  const before = store.getRun(runId)?.integrationCommit;
  for (const task of store.listTasks(runId)) {
    if (task.mergeState !== "pending") continue;
    if (task.state !== "completed") {
      if (TERMINAL_TASK_STATES.includes(task.state)) {
        store.updateTask(runId, task.id, { mergeState: "skipped" });
        handled++;
      }
      continue;
    }
    handled++;
    const result = store.getResult(runId, task.id);
    const run = store.getRun(runId);
    if (!result || !run) continue;
    const merged = await assembler.merge({
      runId,
      integration: run.integrationCommit,
      taskId: task.id,
      title: task.title,
      result: result.commit,
      // A resolver starts from a commit holding conflict markers: its change must be merged
      // against the integration state below that commit, which git finds from the history.
      start: task.kind === "resolver" ? undefined : result.startCommit,
    });
    if ("conflicts" in merged) {
      await handleConflict(session, task, result, run.integrationCommit, merged.conflicts);
      continue;
    }
    store.updateRun(runId, { integrationCommit: merged.commit });
    store.updateTask(
      runId,
      task.id,
      { mergeState: "merged" },
      { type: "task.merged", data: { commit: merged.commit } },
    );
    if (task.kind === "resolver" && task.resolves) {
      store.updateTask(
        runId,
        task.resolves,
        { mergeState: "resolved" },
        {
          type: "task.resolved",
          data: { by: task.id },
        },
      );
    }
  }
  // The branch moves once a pass: the store records every step, so a crash loses none.
  const after = store.getRun(runId)?.integrationCommit;
  if (after && after !== before) await assembler.publish(runId, after);
  return handled;
}

async function handleConflict(
  session: RunSession,
  task: TaskRecord,
  result: ResultRecord,
  integration: string,
  paths: string[],
): Promise<void> {
  const { store, assembler } = session.deps;
  const { runId, options } = session;
  // Resolvers and fix-ups work on the integration state itself; their conflicts are final.
  const policy = task.kind === "task" ? options.onConflict : "none";
  store.appendEvent(runId, { type: "task.conflict", taskId: task.id, data: { paths, policy } });
  if (policy === "redo" && task.redos < options.conflictRetries) {
    const context = await assembler.describeConflict(result.startCommit, integration, paths);
    store.updateTask(
      runId,
      task.id,
      {
        state: "queued",
        mergeState: "pending",
        conflictPaths: paths,
        startFrom: integration,
        context,
        redos: task.redos + 1,
      },
      { type: "task.redo", data: { paths, redo: task.redos + 1, of: options.conflictRetries } },
    );
    return;
  }
  store.updateTask(runId, task.id, { mergeState: "conflict", conflictPaths: paths });
  if (policy === "agent") {
    const taken = new Set(store.listTasks(runId).map((t) => t.id));
    const id = uniqueTaskId(taken, `resolve-${task.id}`);
    store.addTask(
      runId,
      {
        id,
        kind: "resolver",
        title: `Resolve the conflict of ${task.id} in ${paths.join(", ")}`,
        instructions: prompt("resolver-instructions", {
          paths: paths.join(", "),
          task: task.id,
          title: task.title,
        }),
        files: paths.map(literalGlob),
        deps: [],
        checks: [...task.checks, noMarkersCheck(paths)],
        agent: task.agent,
        command: options.resolveCommand,
        startFrom: await assembler.conflictedState(
          integration,
          result.commit,
          result.startCommit,
          `resolve ${task.id}`,
        ),
        context: await assembler.describeConflict(result.startCommit, integration, paths),
        resolves: task.id,
      },
      { type: "task.added", taskId: id, data: { kind: "resolver", resolves: task.id, paths } },
    );
    return;
  }
  if (policy === "stop") {
    session.stopped ??= `stopped at a conflict (--on-conflict stop): task ${task.id} conflicts with the merged results in ${paths.join(", ")}`;
  }
}
