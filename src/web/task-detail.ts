import { existsSync } from "node:fs";
import type { AttemptRecord, RunEvent, RunStore } from "../core/index.js";
import { taskRow } from "../ui/run-model.js";
import type { AttemptView, TaskDetail } from "./api.js";
import { taskView } from "./run-view.js";

/** An attempt of a model or agent-CLI agent keeps its conversation beside its log. */
export function transcriptPath(logPath: string): string {
  return logPath.replace(/\.log$/, ".transcript.json");
}

function attemptView(a: AttemptRecord): AttemptView {
  return {
    n: a.n,
    state: a.state,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    agentMs: a.agentMs,
    error: a.error,
    worker: a.worker,
    usage: a.usage,
    startCommit: a.startCommit,
    commit: a.commit,
    hasTranscript: existsSync(transcriptPath(a.logPath)),
  };
}

/** Everything the task's page shows besides its log and diff; its history is its own events. */
export function taskDetail(
  store: RunStore,
  runId: string,
  taskId: string,
  describe: (event: RunEvent) => string | undefined,
): TaskDetail | undefined {
  const task = store.getTask(runId, taskId);
  if (!task) return undefined;
  const attempts = store.listAttempts(runId, taskId);
  const current = attempts.find((a) => a.n === task.attempts);
  const result = store.getResult(runId, taskId);
  const events: TaskDetail["events"] = [];
  for (const event of store.taskEvents(runId, taskId)) {
    const text = describe(event);
    if (text) events.push({ seq: event.seq, at: event.at, type: event.type, text });
  }
  return {
    task: taskView(taskRow(task, current)),
    instructions: task.instructions,
    files: task.files,
    checks: task.checks,
    agent: task.agent,
    context: task.context,
    attempts: attempts.map(attemptView),
    result: result && {
      attempt: result.attempt,
      startCommit: result.startCommit,
      commit: result.commit,
      changed: result.changed,
      outOfScope: result.outOfScope,
    },
    events,
  };
}
