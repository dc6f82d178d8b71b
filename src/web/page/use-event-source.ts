import { useCallback, useEffect, useEffectEvent, useRef, useState } from "react";

export type StreamHandlers = Record<
  string,
  (event: MessageEvent<string>, source: EventSource) => void
>;

export interface StreamStatus {
  /** The connection dropped and the browser is trying again (it resumes with Last-Event-ID). */
  reconnecting: boolean;
  /** The browser gave up (the server refused the reconnection). */
  closed: boolean;
  /** Opens the stream again after it closed. */
  reconnect: () => void;
}

type Health = Pick<StreamStatus, "reconnecting" | "closed">;

const HEALTHY: Health = { reconnecting: false, closed: false };

export function parseEvent<T>(event: MessageEvent<string>): T {
  return JSON.parse(event.data) as T;
}

/**
 * Follows the server-sent events at `url` (nothing while it is null) with a handler per event
 * name. The handlers may change every render without reconnecting; a new url reconnects.
 */
export function useEventSource(url: string | null, handlers: StreamHandlers): StreamStatus {
  const names = Object.keys(handlers).sort().join(" ");
  const [health, setHealth] = useState<Health>(HEALTHY);
  const reopen = useRef<(() => void) | undefined>(undefined);
  const handle = useEffectEvent((name: string, event: MessageEvent<string>, source: EventSource) =>
    handlers[name]?.(event, source),
  );

  useEffect(() => {
    setHealth(HEALTHY);
    if (url === null) return;
    let source: EventSource | undefined;
    const healthy = () => setHealth(HEALTHY);
    const open = () => {
      source?.close();
      const opened = new EventSource(url);
      source = opened;
      for (const name of names.split(" ").filter(Boolean))
        opened.addEventListener(name, (event) => {
          healthy();
          handle(name, event, opened);
        });
      opened.onopen = healthy;
      opened.onerror = () => {
        const closed = opened.readyState === EventSource.CLOSED;
        setHealth({ reconnecting: !closed, closed });
      };
    };
    open();
    reopen.current = () => {
      setHealth(HEALTHY);
      open();
    };
    return () => {
      reopen.current = undefined;
      source?.close();
    };
  }, [url, names]);

  const reconnect = useCallback(() => reopen.current?.(), []);
  return { ...health, reconnect };
}
