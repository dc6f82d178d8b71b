import { memo } from "react";
import type { CulpritView } from "../api.js";
import { taskHref } from "./route.js";

/** The tasks found to break a check, by bisecting the merged results. */
export const CulpritsSection = memo(function CulpritsSection(props: {
  runId: string;
  culprits: readonly CulpritView[];
}) {
  const { runId, culprits } = props;
  if (culprits.length === 0) return null;
  return (
    <section className="section" aria-labelledby="culprits-title">
      <h2 id="culprits-title">Culprits</h2>
      <ul className="plain-list">
        {culprits.map((culprit) => (
          <li key={culprit.taskId}>
            <a href={taskHref(runId, culprit.taskId)}>{culprit.taskId}</a> (merge {culprit.position}{" "}
            of {culprit.of}) broke{" "}
            {culprit.checks.map((check) => (
              <code key={check}>{check}</code>
            ))}
            {culprit.partner && (
              <>
                {" "}
                together with <a href={taskHref(runId, culprit.partner)}>{culprit.partner}</a>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
});
