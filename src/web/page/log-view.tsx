import { useEffect, useRef, useState } from "react";
import type { LogChunk } from "../api.js";
import { taskLogPath } from "./api-paths.js";
import { ConnectionStatus } from "./connection-status.js";
import { appendCapped, LOG_LIMIT } from "./log-buffer.js";
import { parseEvent, useEventSource } from "./use-event-source.js";

/** When the log outgrows the limit it is cut to this, so the cut is rare, not per chunk. */
const LOG_KEEP = Math.floor(LOG_LIMIT * 0.75);

/** Near enough to the bottom to keep following the log. */
const BOTTOM_SLACK = 24;

/**
 * An attempt's log as it is written. The text goes straight into the DOM, a frame's worth of
 * chunks at a time, so a chatty agent does not re-render the page; it follows the end while
 * the user is at the bottom.
 */
export function LogView(props: {
  runId: string;
  taskId: string;
  attempt: number;
  onEnded: () => void;
}) {
  const { runId, taskId, attempt, onEnded } = props;
  const pre = useRef<HTMLPreElement>(null);
  const pending = useRef("");
  const frame = useRef(0);
  const [ended, setEnded] = useState(false);
  const [empty, setEmpty] = useState(true);

  useEffect(
    () => () => {
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    },
    [],
  );

  const flush = () => {
    frame.current = 0;
    const element = pre.current;
    const text = pending.current;
    pending.current = "";
    if (!element || text === "") return;
    const atBottom =
      element.scrollHeight - element.scrollTop - element.clientHeight <= BOTTOM_SLACK;
    const length = element.textContent?.length ?? 0;
    if (length + text.length > LOG_LIMIT)
      element.textContent = appendCapped(element.textContent ?? "", text, LOG_KEEP);
    else element.append(text);
    if (atBottom) element.scrollTop = element.scrollHeight;
    setEmpty(false);
  };

  const stream = useEventSource(ended ? null : taskLogPath(runId, taskId, attempt), {
    chunk: (event) => {
      const chunk = parseEvent<LogChunk>(event);
      if (chunk.attempt !== attempt) return;
      pending.current += chunk.text;
      frame.current ||= requestAnimationFrame(flush);
    },
    end: (_event, source) => {
      source.close();
      setEnded(true);
      onEnded();
    },
  });

  return (
    <div className="log">
      <pre
        ref={pre}
        className="log-text"
        data-testid="log"
        role="log"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls on its own, so the keyboard must reach it
        tabIndex={0}
        aria-label={`Log of attempt ${attempt}`}
      />
      <p className="log-status">
        {empty && !ended && <span className="dim">waiting for output…</span>}
        {empty && ended && <span className="dim">the attempt printed nothing</span>}
        {ended && (
          <span className="dim" data-testid="log-ended">
            attempt ended
          </span>
        )}
        <ConnectionStatus
          reconnecting={stream.reconnecting}
          closed={stream.closed}
          onReconnect={stream.reconnect}
        />
      </p>
    </div>
  );
}
