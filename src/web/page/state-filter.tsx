import type { TaskState } from "../api.js";
import { TASK_STATES } from "./task-states.js";

/** Chips that pick the states the table shows, each with its count; none picked shows all. */
export function StateFilter(props: {
  counts: Record<TaskState, number>;
  total: number;
  shown: ReadonlySet<TaskState>;
  onChange: (shown: ReadonlySet<TaskState>) => void;
}) {
  const { counts, shown, onChange } = props;
  const toggle = (state: TaskState) => {
    const next = new Set(shown);
    if (!next.delete(state)) next.add(state);
    onChange(next);
  };
  return (
    <fieldset className="chips">
      <legend className="visually-hidden">Show tasks by state</legend>
      <button
        type="button"
        className="chip"
        aria-pressed={shown.size === 0}
        onClick={() => onChange(new Set())}
      >
        all <span className="chip-count">{props.total}</span>
      </button>
      {TASK_STATES.map((state) => (
        <button
          key={state}
          type="button"
          className={`chip chip-${state}`}
          aria-pressed={shown.has(state)}
          disabled={counts[state] === 0 && !shown.has(state)}
          onClick={() => toggle(state)}
        >
          <span className={`dot fill-${state}`} aria-hidden="true" />
          {state} <span className="chip-count">{counts[state]}</span>
        </button>
      ))}
    </fieldset>
  );
}
