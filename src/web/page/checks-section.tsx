import { memo } from "react";
import type { CheckRound } from "../api.js";
import { CollapsibleText } from "./collapsible-text.js";
import { formatTime } from "./format.js";

function Names(props: { label: string; names: readonly string[]; className?: string }) {
  if (props.names.length === 0) return null;
  return (
    <div className={props.className}>
      {props.label}:{" "}
      {props.names.map((name) => (
        <code key={name}>{name}</code>
      ))}
    </div>
  );
}

/** The run's checks and each round of running them on the assembled change. */
export const ChecksSection = memo(function ChecksSection(props: {
  checks: readonly string[];
  rounds: readonly CheckRound[];
}) {
  const { checks, rounds } = props;
  if (checks.length === 0 && rounds.length === 0) return null;
  return (
    <section className="section" aria-labelledby="checks-title">
      <h2 id="checks-title">Checks</h2>
      {checks.length > 0 && (
        <ul className="commands">
          {checks.map((check) => (
            <li key={check}>
              <code>{check}</code>
            </li>
          ))}
        </ul>
      )}
      <ol className="plain-list">
        {rounds.map((round, i) => (
          <li key={round.at}>
            <span className="dim">{formatTime(round.at)}</span> round {i + 1}:{" "}
            <span className={round.passed ? "badge state-completed" : "badge state-failed"}>
              {round.passed ? "passed" : "failed"}
            </span>
            <Names label="broken by the run" names={round.failures} className="failure-text" />
            <Names label="already failing on the base" names={round.preExisting} />
            <Names label="flaky" names={round.flaky} />
            {round.output && <CollapsibleText summary="output" text={round.output} />}
          </li>
        ))}
      </ol>
    </section>
  );
});
