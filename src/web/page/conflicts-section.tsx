import { memo } from "react";
import type { ConflictView } from "../api.js";
import { formatTime } from "./format.js";
import { taskHref } from "./route.js";

const OUTCOME: Record<ConflictView["outcome"], string> = {
  redo: "redone on top of the others",
  resolver: "a resolver task merges it",
  resolved: "resolved",
  waiting: "waiting for you",
};

/** The task results that did not merge cleanly, and what was done about each. */
export const ConflictsSection = memo(function ConflictsSection(props: {
  runId: string;
  conflicts: readonly ConflictView[];
}) {
  const { runId, conflicts } = props;
  if (conflicts.length === 0) return null;
  return (
    <section className="section" aria-labelledby="conflicts-title">
      <h2 id="conflicts-title">Conflicts ({conflicts.length})</h2>
      <ul className="plain-list">
        {conflicts.map((conflict) => (
          <li key={`${conflict.taskId}@${conflict.at}`}>
            <span className="dim">{formatTime(conflict.at)}</span>{" "}
            <a href={taskHref(runId, conflict.taskId)}>{conflict.taskId}</a>:{" "}
            <span className={`outcome-${conflict.outcome}`}>{OUTCOME[conflict.outcome]}</span>
            {conflict.resolver && (
              <>
                {" "}
                (<a href={taskHref(runId, conflict.resolver)}>{conflict.resolver}</a>)
              </>
            )}
            <div className="paths">
              {conflict.paths.map((path) => (
                <code key={path}>{path}</code>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
});
