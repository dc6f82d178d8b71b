import { truncate } from "./format.js";
import { type Route, runHref, runsHref } from "./route.js";

/** The page's title and where the user is: armada › run › task. */
export function TopBar(props: { route: Route; objective?: string | undefined }) {
  const { route } = props;
  const runId = "runId" in route ? route.runId : undefined;
  return (
    <header className="top-bar">
      <a className="brand" href={runsHref()}>
        armada
      </a>
      <nav aria-label="Breadcrumbs">
        <ol className="crumbs">
          <li>
            <a href={runsHref()}>runs</a>
          </li>
          {runId !== undefined && (
            <li>
              <a href={runHref(runId)} title={props.objective}>
                {runId}
                {props.objective && (
                  <span className="crumb-detail"> {truncate(props.objective, 48)}</span>
                )}
              </a>
            </li>
          )}
          {route.view === "task" && <li aria-current="page">{route.taskId}</li>}
          {route.view === "run-diff" && <li aria-current="page">diff</li>}
        </ol>
      </nav>
    </header>
  );
}
