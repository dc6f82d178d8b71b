import { memo } from "react";
import type { BaselineView } from "../api.js";

/** The checks that already failed on the run's base, so their failures are not the run's. */
export const BaselineSection = memo(function BaselineSection(props: {
  baseline: readonly BaselineView[] | undefined;
}) {
  const { baseline } = props;
  if (!baseline || baseline.length === 0) return null;
  return (
    <section className="section" aria-labelledby="baseline-title">
      <h2 id="baseline-title">Baseline: failing on the base already</h2>
      <ul className="plain-list">
        {baseline.map((check) => (
          <li key={check.check}>
            <code>{check.check}</code>
            {check.still === false && <span className="dim"> (fixed by the run)</span>}
            {check.tests && check.tests.length > 0 && (
              <div className="paths">
                {check.tests.map((test) => (
                  <code key={test}>{test}</code>
                ))}
              </div>
            )}
            {check.lines.length > 0 && <pre className="output short">{check.lines.join("\n")}</pre>}
          </li>
        ))}
      </ul>
    </section>
  );
});
