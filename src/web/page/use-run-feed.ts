import { useEffect, useReducer } from "react";
import type { RunChange, RunSnapshot } from "../api.js";
import { runPath, runStreamPath } from "./api-paths.js";
import { applyChange, modelFromSnapshot, type RunModel } from "./run-model.js";
import { parseEvent, useEventSource } from "./use-event-source.js";
import { useFetch } from "./use-fetch.js";

export interface RunFeed {
  model: RunModel | undefined;
  /** Why the snapshot could not be loaded. */
  error: unknown;
  reconnecting: boolean;
  /** The stream stopped for good; `reconnect` opens it again. */
  closed: boolean;
  reload: () => void;
  reconnect: () => void;
}

interface FeedState {
  runId: string | null;
  model: RunModel | undefined;
  /** The seq of the snapshot loaded last: the stream follows on from there. */
  after: number;
}

type FeedAction =
  | { type: "snapshot"; runId: string; snapshot: RunSnapshot }
  | { type: "change"; runId: string; change: RunChange };

const EMPTY: FeedState = { runId: null, model: undefined, after: 0 };

function reduce(state: FeedState, action: FeedAction): FeedState {
  if (action.type === "change")
    return state.runId === action.runId && state.model
      ? { ...state, model: applyChange(state.model, action.change) }
      : state;
  return {
    runId: action.runId,
    model: modelFromSnapshot(action.snapshot),
    after: action.snapshot.seq,
  };
}

/**
 * A run kept up to date: its snapshot, then every change its stream sends. The stream's
 * `reset` loads the snapshot again and follows on from that one.
 */
export function useRunFeed(runId: string | null): RunFeed {
  const snapshot = useFetch<RunSnapshot>(runId === null ? null : runPath(runId));
  const [state, dispatch] = useReducer(reduce, EMPTY);

  useEffect(() => {
    if (runId !== null && snapshot.data)
      dispatch({ type: "snapshot", runId, snapshot: snapshot.data });
  }, [runId, snapshot.data]);

  const model = runId !== null && state.runId === runId ? state.model : undefined;
  const url = model && runId !== null ? runStreamPath(runId, state.after) : null;
  const stream = useEventSource(url, {
    change: (event) => {
      if (runId !== null) dispatch({ type: "change", runId, change: parseEvent<RunChange>(event) });
    },
    reset: snapshot.reload,
  });

  return {
    model,
    error: snapshot.error,
    reconnecting: stream.reconnecting,
    closed: stream.closed,
    reload: snapshot.reload,
    reconnect: stream.reconnect,
  };
}
