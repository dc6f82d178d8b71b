import { useDeferredValue } from "react";
import type { TaskView } from "../api.js";
import { BaselineSection } from "./baseline-section.js";
import { BurndownChart } from "./burndown-chart.js";
import { ChecksSection } from "./checks-section.js";
import { ConflictsSection } from "./conflicts-section.js";
import { ConnectionStatus } from "./connection-status.js";
import { CulpritsSection } from "./culprits-section.js";
import { ErrorLine } from "./error-line.js";
import { NoticeArea } from "./notice-area.js";
import { PlanGraph } from "./plan-graph.js";
import { RunActions } from "./run-actions.js";
import { RunHeader } from "./run-header.js";
import { SetupSection } from "./setup-section.js";
import { TaskTable } from "./task-table.js";
import { useNotice } from "./use-notice.js";
import type { RunFeed } from "./use-run-feed.js";

const NO_TASKS: readonly TaskView[] = [];

/** One run, live: its header, burndown, plan, tasks and what the checks found. */
export function RunPage(props: { runId: string; feed: RunFeed }) {
  const { runId, feed } = props;
  const { notice, report, dismiss } = useNotice();
  const model = feed.model;
  // The header shows each change at once; the views that go through every task catch up
  // when the browser is free, skipping states a burst of changes has already replaced.
  const tasks = useDeferredValue(model?.tasks ?? NO_TASKS);
  const error = feed.error !== undefined && <ErrorLine error={feed.error} onRetry={feed.reload} />;
  if (!model) return error || <p className="empty">Loading the run…</p>;
  const { run } = model;
  return (
    <div className="page run-page">
      {error}
      <div className="page-tools">
        <RunActions run={run} report={report} />
        <ConnectionStatus
          reconnecting={feed.reconnecting}
          closed={feed.closed}
          onReconnect={feed.reconnect}
        />
      </div>
      <NoticeArea notice={notice} onDismiss={dismiss} />
      <div className="panels">
        <RunHeader run={run} />
        <section className="panel" aria-labelledby="burndown-title">
          <h2 id="burndown-title">Burndown</h2>
          <BurndownChart
            tasks={tasks}
            total={run.total}
            createdAt={run.createdAt}
            finishedAt={run.finishedAt}
            etaMs={run.etaMs}
          />
        </section>
      </div>
      <section className="panel" aria-labelledby="plan-title">
        <h2 id="plan-title">Plan</h2>
        <PlanGraph runId={runId} plan={model.plan} tasks={model.tasks} index={model.index} />
      </section>
      <TaskTable runId={runId} tasks={tasks} />
      <ConflictsSection runId={runId} conflicts={model.conflicts} />
      <ChecksSection checks={run.checks} rounds={model.checkRounds} />
      <CulpritsSection runId={runId} culprits={model.culprits} />
      <BaselineSection baseline={model.baseline} />
      <SetupSection setup={model.setup} />
    </div>
  );
}
