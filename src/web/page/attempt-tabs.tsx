import { type KeyboardEvent, useRef } from "react";
import type { AttemptView } from "../api.js";

/** The task's attempts as tabs; arrow keys move between them, as tabs do. */
export function AttemptTabs(props: {
  attempts: readonly AttemptView[];
  selected: number;
  panelId: string;
  onSelect: (attempt: number) => void;
}) {
  const { attempts, selected, onSelect } = props;
  const list = useRef<HTMLDivElement>(null);
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (step === 0) return;
    const at = attempts.findIndex((attempt) => attempt.n === selected);
    const next = attempts[(at + step + attempts.length) % attempts.length];
    if (!next) return;
    event.preventDefault();
    onSelect(next.n);
    list.current?.querySelector<HTMLButtonElement>(`[data-attempt="${next.n}"]`)?.focus();
  };
  return (
    <div ref={list} className="tabs" role="tablist" aria-label="Attempts" onKeyDown={onKeyDown}>
      {attempts.map((attempt) => (
        <button
          key={attempt.n}
          type="button"
          role="tab"
          className={`tab attempt-${attempt.state}`}
          aria-selected={attempt.n === selected}
          aria-controls={props.panelId}
          tabIndex={attempt.n === selected ? 0 : -1}
          data-testid="attempt-tab"
          data-attempt={attempt.n}
          onClick={() => onSelect(attempt.n)}
        >
          attempt {attempt.n} <span className="dim">{attempt.state}</span>
        </button>
      ))}
    </div>
  );
}
