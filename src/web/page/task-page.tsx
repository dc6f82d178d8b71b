import { useId, useState } from "react";
import type { TaskDetail } from "../api.js";
import { taskPath } from "./api-paths.js";
import { AttemptPanel } from "./attempt-panel.js";
import { AttemptTabs } from "./attempt-tabs.js";
import { ConnectionStatus } from "./connection-status.js";
import { ErrorLine } from "./error-line.js";
import { NoticeArea } from "./notice-area.js";
import { findTask } from "./run-model.js";
import { TaskActions } from "./task-actions.js";
import { TaskDiff } from "./task-diff.js";
import { TaskFailure } from "./task-failure.js";
import { TaskHistory } from "./task-history.js";
import { TaskSummary } from "./task-summary.js";
import { useFetch } from "./use-fetch.js";
import { useNotice } from "./use-notice.js";
import type { RunFeed } from "./use-run-feed.js";

/**
 * One task: what it was asked, why it failed, its attempts' logs and conversations, and its
 * diff. Its detail is fetched again whenever the run's stream says the task moved.
 */
export function TaskPage(props: { runId: string; taskId: string; feed: RunFeed }) {
  const { runId, taskId, feed } = props;
  const live = feed.model ? findTask(feed.model, taskId) : undefined;
  const moved = live ? `${live.state}:${live.attempt}:${live.mergeState}` : "";
  const detail = useFetch<TaskDetail>(taskPath(runId, taskId), moved);
  const { notice, report, dismiss } = useNotice();
  const [chosen, setChosen] = useState<number | undefined>(undefined);
  const panelId = useId();

  const data = detail.data;
  const task = live ?? data?.task;
  if (!task || !data)
    return detail.error !== undefined ? (
      <ErrorLine error={detail.error} onRetry={detail.reload} />
    ) : (
      <p className="empty">Loading the task…</p>
    );

  const attempts = data.attempts;
  const newest = attempts[attempts.length - 1];
  const shown = attempts.find((attempt) => attempt.n === chosen) ?? newest;

  return (
    <div className="page task-page">
      {detail.error !== undefined && <ErrorLine error={detail.error} onRetry={detail.reload} />}
      <div className="page-tools">
        <TaskActions runId={runId} task={task} report={report} />
        <ConnectionStatus
          reconnecting={feed.reconnecting}
          closed={feed.closed}
          onReconnect={feed.reconnect}
        />
      </div>
      <NoticeArea notice={notice} onDismiss={dismiss} />
      <TaskSummary runId={runId} task={task} detail={data} />
      <TaskFailure task={task} attempts={attempts} />
      <section className="section" aria-labelledby="instructions-title">
        <h2 id="instructions-title">Instructions</h2>
        <div className="instructions">{data.instructions}</div>
        {data.context && (
          <details className="collapsible">
            <summary>context</summary>
            <div className="instructions">{data.context}</div>
          </details>
        )}
      </section>
      <section className="section" aria-labelledby="attempts-title">
        <h2 id="attempts-title">Attempts</h2>
        {shown ? (
          <>
            <AttemptTabs
              attempts={attempts}
              selected={shown.n}
              panelId={panelId}
              onSelect={setChosen}
            />
            <AttemptPanel
              key={shown.n}
              runId={runId}
              taskId={taskId}
              attempt={shown}
              panelId={panelId}
            />
          </>
        ) : (
          <p className="empty">No attempt yet: the task is {task.state}.</p>
        )}
      </section>
      <TaskDiff runId={runId} task={task} detail={data} />
      <TaskHistory events={data.events} />
    </div>
  );
}
