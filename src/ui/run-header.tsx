import { Box, Text } from "ink";
import { FINISHED_RUN_STATES, masterGone, type SetupRecord } from "../core/index.js";
import { clockText } from "./clock-text.js";
import { estimateRemaining } from "./estimate-remaining.js";
import { progressBar } from "./progress-bar.js";
import type { RunModel } from "./run-model.js";
import type { RunSummary } from "./summarize-run.js";
import { useColors } from "./theme.js";
import { usageText } from "./usage-text.js";

/** How tall the header is, for the list to take the rest of the screen. */
export const HEADER_LINES = 4;

function stateText(model: RunModel, now: number): { text: string; color: string } {
  const { run } = model;
  if (FINISHED_RUN_STATES.includes(run.state)) {
    const color = run.state === "completed" ? "green" : run.state === "failed" ? "red" : "gray";
    return { text: run.state.toUpperCase(), color };
  }
  if (masterGone(run, now))
    return { text: `STOPPED (master gone): armada resume ${run.id}`, color: "red" };
  if (run.cancelRequested) return { text: "CANCELLING", color: "yellow" };
  return { text: run.state.toUpperCase(), color: "cyan" };
}

/** The run's setup as a few words: what it is doing, or what it left under the sandboxes. */
function setupText(setup: SetupRecord): string {
  if (setup.state === "running") return "setup running";
  if (setup.state === "failed") return "setup FAILED (armada logs <run> setup)";
  const under = setup.paths?.length ? `: ${setup.paths.join(", ")}` : "";
  return `setup ${setup.state === "cached" ? "cached" : "done"}${under}`;
}

export function RunHeader(props: {
  model: RunModel;
  summary: RunSummary;
  now: number;
  width: number;
}) {
  const { model, summary, now, width } = props;
  const { color, on } = useColors();
  const { run } = model;
  const { counts, total } = summary;
  const state = stateText(model, now);
  const elapsed = clockText((run.finishedAt ?? now) - run.createdAt);
  const eta = FINISHED_RUN_STATES.includes(run.state) ? undefined : estimateRemaining(model, now);
  const figures = `${counts.completed}/${total} (${total ? Math.floor((counts.completed / total) * 100) : 0}%)`;
  const barWidth = Math.max(0, Math.min(50, width - figures.length - 3));
  const extra = [
    run.setup && setupText(run.setup),
    counts.cancelled && `${counts.cancelled} cancelled`,
    summary.conflicts && `${summary.conflicts} in conflict`,
    run.culprits.length &&
      `${run.culprits.length} broke the checks (${run.culprits.map((c) => c.taskId).join(", ")})`,
    run.options.verifyEvery && `verified to merge ${run.verified?.merges ?? 0}`,
  ].filter(Boolean);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Text bold={on}>Armada</Text> run {run.id} · "{run.objective}"
      </Text>
      <Text wrap="truncate-end">
        <Text color={color(state.color)} bold={on}>
          {state.text}
        </Text>
        {` · ${elapsed} elapsed`}
        {eta === undefined ? "" : ` · ETA ${clockText(eta)}`}
        {run.options.cloud ? ` · fleet ${run.options.cloud}` : ""}
        {model.usage ? ` · ${usageText(model.usage, run.options.budgetUsd)}` : ""}
        {model.halted && !FINISHED_RUN_STATES.includes(run.state) ? (
          <Text color={color("yellow")}> · no new tasks: {model.halted}</Text>
        ) : (
          ""
        )}
      </Text>
      <Text wrap="truncate-end">
        <Text color={color("green")}>{progressBar(counts.completed, total, barWidth)}</Text>
        {barWidth > 0 ? " " : ""}
        {figures}
      </Text>
      <Text wrap="truncate-end">
        Sub-agents: {counts.active} active · {counts.completed} completed ·{" "}
        <Text color={counts.failed ? color("red") : undefined}>{counts.failed} failed</Text> ·{" "}
        {counts.queued} queued · {counts.blocked} blocked
        {extra.length ? ` · ${extra.join(" · ")}` : ""}
      </Text>
    </Box>
  );
}
