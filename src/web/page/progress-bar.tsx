import type { TaskState } from "../api.js";

const SEGMENTS: readonly TaskState[] = ["completed", "failed", "blocked", "cancelled", "active"];

/** The tasks done of the total, as a bar split by state and as "done/total". */
export function ProgressBar(props: {
  counts: Record<TaskState, number>;
  total: number;
  testId?: string;
}) {
  const { counts, total } = props;
  const done = counts.completed + counts.failed + counts.blocked + counts.cancelled;
  return (
    <span className="progress">
      <span
        className="progress-track"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label="tasks done"
      >
        {SEGMENTS.map((state) =>
          counts[state] > 0 && total > 0 ? (
            <span
              key={state}
              className={`progress-part fill-${state}`}
              style={{ width: `${(counts[state] / total) * 100}%` }}
            />
          ) : null,
        )}
      </span>
      <span className="progress-text" data-testid={props.testId}>
        {done}/{total}
      </span>
    </span>
  );
}
