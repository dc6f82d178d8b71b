import { memo } from "react";
import type { SetupView } from "../api.js";
import { CollapsibleText } from "./collapsible-text.js";
import { formatDuration } from "./format.js";

const STATE_CLASS: Record<SetupView["state"], string> = {
  running: "state-active",
  built: "state-completed",
  cached: "state-completed",
  failed: "state-failed",
};

/** The run's setup: the commands that prepare every sandbox, and their output. */
export const SetupSection = memo(function SetupSection(props: { setup: SetupView | undefined }) {
  const { setup } = props;
  if (!setup) return null;
  return (
    <section className="section" aria-labelledby="setup-title">
      <h2 id="setup-title">Setup</h2>
      <p>
        <span className={`badge ${STATE_CLASS[setup.state]}`}>{setup.state}</span>
        {setup.durationMs !== undefined && ` in ${formatDuration(setup.durationMs)}`}
        {setup.paths && setup.paths.length > 0 && (
          <>
            {" "}
            · kept{" "}
            {setup.paths.map((path) => (
              <code key={path}>{path}</code>
            ))}
          </>
        )}
      </p>
      {setup.error && <p className="failure">{setup.error}</p>}
      <ul className="commands">
        {setup.commands.map((command) => (
          <li key={command}>
            <code>{command}</code>
          </li>
        ))}
      </ul>
      {setup.output && (
        <CollapsibleText summary="output" text={setup.output} open={setup.state === "failed"} />
      )}
    </section>
  );
});
