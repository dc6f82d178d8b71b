import { memo, useMemo, useState } from "react";
import type { RunList, RunListItem } from "../api.js";
import { runsPath, runsStreamPath } from "./api-paths.js";
import { ConnectionStatus } from "./connection-status.js";
import { ErrorLine } from "./error-line.js";
import { formatCost, formatDateTime, formatDuration } from "./format.js";
import { ProgressBar } from "./progress-bar.js";
import { runHref } from "./route.js";
import { StateBadge } from "./state-badge.js";
import { parseEvent, useEventSource } from "./use-event-source.js";
import { useFetch } from "./use-fetch.js";
import { useNow } from "./use-now.js";

const RunRow = memo(function RunRow(props: { run: RunListItem; now: number }) {
  const { run, now } = props;
  return (
    <li>
      <a className="run-row" href={runHref(run.id)} data-testid="run-row" data-run-id={run.id}>
        <span className="run-state">
          <StateBadge state={run.state} />
          {run.live && <span className="live">live</span>}
        </span>
        <ProgressBar counts={run.counts} total={run.total} />
        <span className="run-objective" title={run.objective}>
          {run.objective}
          <span className="run-meta">
            {run.id} · {formatDateTime(run.createdAt)}
          </span>
        </span>
        <span className="number">{formatDuration((run.finishedAt ?? now) - run.createdAt)}</span>
        <span className="number">{run.costUsd === undefined ? "–" : formatCost(run.costUsd)}</span>
      </a>
    </li>
  );
});

/** Every run of the repository, newest first, kept live by the runs stream. */
export function RunsPage() {
  const loaded = useFetch<RunList>(runsPath());
  const [streamed, setStreamed] = useState<RunList | undefined>(undefined);
  const stream = useEventSource(loaded.data ? runsStreamPath() : null, {
    runs: (event) => setStreamed(parseEvent<RunList>(event)),
  });
  const list = streamed ?? loaded.data;
  const runs = useMemo(
    () => (list ? list.runs.slice().sort((a, b) => b.createdAt - a.createdAt) : []),
    [list],
  );
  const ticking = runs.some((run) => run.finishedAt === undefined);
  const now = useNow(ticking);

  return (
    <section className="page" aria-labelledby="runs-title">
      <div className="page-title">
        <h1 id="runs-title">Runs</h1>
        <ConnectionStatus
          reconnecting={stream.reconnecting}
          closed={stream.closed}
          onReconnect={stream.reconnect}
        />
      </div>
      {loaded.error !== undefined && <ErrorLine error={loaded.error} onRetry={loaded.reload} />}
      {list && runs.length === 0 && (
        <p className="empty">
          No runs yet: start one with <code>armada run "…"</code>.
        </p>
      )}
      {runs.length > 0 && (
        <div className="runs">
          <div className="run-row run-head" aria-hidden="true">
            <span>state</span>
            <span>progress</span>
            <span>objective</span>
            <span className="number">took</span>
            <span className="number">cost</span>
          </div>
          <ul className="run-list">
            {runs.map((run) => (
              <RunRow key={run.id} run={run} now={run.finishedAt === undefined ? now : 0} />
            ))}
          </ul>
        </div>
      )}
      {!list && loaded.loading && <p className="empty">Loading…</p>}
    </section>
  );
}
