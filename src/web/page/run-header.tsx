import { memo, type ReactNode } from "react";
import type { RunView } from "../api.js";
import { Elapsed } from "./elapsed.js";
import { formatCost, formatDuration, formatTokens, shortCommit } from "./format.js";
import { ProgressBar } from "./progress-bar.js";
import { StateBadge } from "./state-badge.js";
import { FINISHED_RUN_STATES, TASK_STATES } from "./task-states.js";

function Fact(props: { label: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={props.wide ? "fact fact-wide" : "fact"}>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function master(run: RunView): string {
  const where =
    run.masterPid === undefined
      ? ""
      : ` (${run.masterPid}${run.masterHost ? `@${run.masterHost}` : ""})`;
  return `${run.live ? "live" : "not running"}${where}`;
}

/** The run at a glance, as the terminal dashboard shows it above its list. */
export const RunHeader = memo(function RunHeader(props: { run: RunView }) {
  const { run } = props;
  const finished = FINISHED_RUN_STATES.has(run.state);
  const usage = run.usage;
  return (
    <section className="run-header" aria-label="Run summary">
      <h1 className="objective">{run.objective}</h1>
      <div className="run-status">
        <StateBadge state={run.state} testId="run-state" />
        {run.cancelRequested && !finished && (
          <span className="badge state-cancelled">cancelling</span>
        )}
        {run.live && <span className="live">live</span>}
        <ProgressBar counts={run.counts} total={run.total} testId="progress" />
        <span>
          <Elapsed from={run.createdAt} to={run.finishedAt} /> elapsed
        </span>
        {run.etaMs !== undefined && !finished && <span>ETA {formatDuration(run.etaMs)}</span>}
      </div>
      <ul className="counts" aria-label="Tasks by state">
        {TASK_STATES.map((state) => (
          <li key={state} className={run.counts[state] === 0 ? "count-zero" : undefined}>
            <span className={`dot fill-${state}`} aria-hidden="true" />
            {state} <strong data-testid={`count-${state}`}>{run.counts[state]}</strong>
          </li>
        ))}
        <li className={run.conflicts === 0 ? "count-zero" : "count-conflicts"}>
          conflicts <strong>{run.conflicts}</strong>
        </li>
      </ul>
      {run.halted && !finished && <p className="warning">No new task starts: {run.halted}</p>}
      {run.error && <p className="failure">{run.error}</p>}
      <dl className="facts">
        <Fact label="tokens">
          {usage
            ? `${formatTokens(usage.inputTokens)} in · ${formatTokens(usage.outputTokens)} out`
            : "–"}
        </Fact>
        <Fact label="cost">
          {usage?.costUsd === undefined ? "–" : formatCost(usage.costUsd)}
          {run.budgetUsd !== undefined && ` of ${formatCost(run.budgetUsd)} budget`}
        </Fact>
        <Fact label="master">{master(run)}</Fact>
        <Fact label="agent">{run.agent}</Fact>
        <Fact label="sandbox">{run.sandbox}</Fact>
        <Fact label="concurrency">{run.concurrency}</Fact>
        {run.fleet !== undefined && <Fact label="fleet">{run.fleet}</Fact>}
        {run.workers.length > 0 && (
          <Fact label="workers" wide>
            {run.workers.map((worker) => `${worker.name} (${worker.active})`).join(" · ")}
          </Fact>
        )}
        <Fact label="checks">
          {run.checks.length === 0 ? "none" : (run.checksState ?? "not run yet")}
        </Fact>
        {run.applyState !== undefined && <Fact label="apply">{run.applyState}</Fact>}
        <Fact label="commits">
          <code>{shortCommit(run.baseCommit)}</code> →{" "}
          <code>{shortCommit(run.integrationCommit)}</code>
        </Fact>
      </dl>
    </section>
  );
});
