import type { TaskEventView } from "../api.js";
import { formatTime } from "./format.js";

/** The task's history, as `armada logs` prints it. */
export function TaskHistory(props: { events: readonly TaskEventView[] }) {
  if (props.events.length === 0) return null;
  return (
    <section className="section" aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <ol className="history">
        {props.events.map((event) => (
          <li key={event.seq}>
            <time dateTime={new Date(event.at).toISOString()}>{formatTime(event.at)}</time>
            <span className={`event-type event-${event.type}`}>{event.type}</span>
            <span className="event-text">{event.text}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
