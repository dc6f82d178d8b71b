import { useState } from "react";
import type { ActionResult, RunView } from "../api.js";
import { postAction } from "./api-client.js";
import { applyRunPath, cancelRunPath } from "./api-paths.js";
import { ConfirmAction } from "./confirm-action.js";
import { shortCommit } from "./format.js";
import { runDiffHref } from "./route.js";
import { FINISHED_RUN_STATES } from "./task-states.js";

/** What the user can do to the run: cancel it, apply its result, read its diff. */
export function RunActions(props: {
  run: RunView;
  report: (action: Promise<ActionResult>) => Promise<void>;
}) {
  const { run, report } = props;
  const [merge, setMerge] = useState(false);
  const finished = FINISHED_RUN_STATES.has(run.state);
  const changed = run.integrationCommit !== "" && run.integrationCommit !== run.baseCommit;
  return (
    <div className="actions">
      {!finished && (
        <ConfirmAction
          label={run.cancelRequested ? "Cancelling…" : "Cancel run"}
          testId="cancel-run"
          title="Cancel this run?"
          confirmLabel="Cancel run"
          danger
          onConfirm={() => report(postAction(cancelRunPath(run.id)))}
        >
          <p>
            The working tasks stop and no new task starts. What merged so far stays on the run's
            branch.
          </p>
        </ConfirmAction>
      )}
      {finished && changed && (
        <ConfirmAction
          label="Apply to working tree"
          testId="apply-run"
          title="Apply the run's change to your working tree?"
          confirmLabel="Apply"
          onConfirm={() => report(postAction(applyRunPath(run.id), { merge }))}
        >
          <p>
            Brings the change from <code>{shortCommit(run.baseCommit)}</code> to{" "}
            <code>{shortCommit(run.integrationCommit)}</code> into the repository's working tree.
          </p>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={merge}
              onChange={(event) => setMerge(event.target.checked)}
            />
            merge with my edits (when the working tree changed since the run started)
          </label>
        </ConfirmAction>
      )}
      <a className="button-link" href={runDiffHref(run.id)} data-testid="run-diff-link">
        Assembled diff
      </a>
    </div>
  );
}
