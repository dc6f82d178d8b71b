import type { DiffText } from "../api.js";
import { runDiffPath } from "./api-paths.js";
import { DiffView } from "./diff-view.js";
import { ErrorLine } from "./error-line.js";
import { shortCommit } from "./format.js";
import { runHref } from "./route.js";
import { useFetch } from "./use-fetch.js";

/** The run's assembled change: everything its tasks merged, as one diff. */
export function RunDiffPage(props: { runId: string }) {
  const diff = useFetch<DiffText>(runDiffPath(props.runId));
  return (
    <section className="page" aria-labelledby="run-diff-title">
      <div className="page-title">
        <h1 id="run-diff-title">
          Assembled diff of <a href={runHref(props.runId)}>{props.runId}</a>
        </h1>
        {diff.data && (
          <span className="dim">
            <code>{shortCommit(diff.data.from)}</code> → <code>{shortCommit(diff.data.to)}</code>
          </span>
        )}
      </div>
      {diff.error !== undefined && <ErrorLine error={diff.error} onRetry={diff.reload} />}
      {diff.data && <DiffView diff={diff.data} />}
      {!diff.data && diff.loading && <p className="empty">Loading the diff…</p>}
    </section>
  );
}
