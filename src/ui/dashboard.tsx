import { Box, type Key, useInput } from "ink";
import { type ReactNode, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { FINISHED_RUN_STATES } from "../core/index.js";
import { FOOTER_LINES, Footer } from "./footer.js";
import { type ListRow, listRows, scrollOffset } from "./list-rows.js";
import { HEADER_LINES, RunHeader } from "./run-header.js";
import type { RunWatcher } from "./run-watcher.js";
import { summarizeRun } from "./summarize-run.js";
import { TaskList } from "./task-list.js";
import { TextPane } from "./text-pane.js";
import { useLogLines } from "./use-log-lines.js";
import { type TerminalSize, useTerminalSize } from "./use-terminal-size.js";

/** `watch`: attached to a run that lives elsewhere; `foreground`: this process drives the run. */
export type DashboardMode = "watch" | "foreground";

/** Why the dashboard ended: the user detached, the run ended, or asked for plain lines. */
export type DashboardExit = "detached" | "ended" | "plain";

export type DiffOutcome =
  | { kind: "text"; title: string; text: string }
  | { kind: "none"; why: string };

/** What the dashboard does outside itself; the caller owns the store and git. */
export interface DashboardActions {
  diff(taskId: string): Promise<DiffOutcome>;
  /** Cancels one task; returns what to tell the user. */
  cancelTask(taskId: string): string;
  /** Stops the run this process drives (foreground only). */
  cancelRun(): void;
}

type View =
  | { kind: "list" }
  | { kind: "log"; taskId: string }
  | { kind: "diff"; taskId: string; outcome: DiffOutcome | undefined }
  | { kind: "confirm-cancel"; taskId: string }
  | { kind: "confirm-quit" };

const DONE_KEY = "\0done";
const keyOf = (row: ListRow | undefined): string =>
  row === undefined ? "" : row.kind === "done" ? DONE_KEY : row.task.id;

function diffColor(line: string): string | undefined {
  if (line.startsWith("+++") || line.startsWith("---")) return "white";
  if (line.startsWith("+")) return "green";
  if (line.startsWith("-")) return "red";
  if (line.startsWith("@@")) return "cyan";
  return undefined;
}

const LIST_KEYS = "↑↓ j k move · enter log · d diff · c cancel task";

export function Dashboard(props: {
  watcher: RunWatcher;
  mode: DashboardMode;
  actions: DashboardActions;
  onExit: (how: DashboardExit) => void;
  /** A fixed size instead of the terminal's (tests). */
  size?: TerminalSize;
  /** The footer's first notice. */
  notice?: string | undefined;
}) {
  const { watcher, mode, actions, onExit } = props;
  const snap = useSyncExternalStore(watcher.subscribe, watcher.snapshot);
  const { model } = snap;
  const { columns, rows: screenRows } = useTerminalSize(props.size);
  // The watcher announces a change at least every second (slower when frames are costly),
  // which moves the clocks.
  const now = Date.now();
  const [view, setView] = useState<View>({ kind: "list" });
  const [expandDone, setExpandDone] = useState(false);
  const [cursor, setCursor] = useState({ key: "", index: 0 });
  const [paneScroll, setPaneScroll] = useState(0);
  const [notice, setNotice] = useState<string | undefined>(props.notice);
  const offsetRef = useRef(0);

  // Ink redraws the whole screen when a frame is as tall as the terminal: stay one line short.
  const height = Math.max(6, screenRows - 1);
  const listHeight = Math.max(1, height - HEADER_LINES - 1 - FOOTER_LINES);
  const paneHeight = Math.max(1, height - 1 - FOOTER_LINES);

  const summary = useMemo(() => summarizeRun(snap.model), [snap]);
  const { longestId, longestWorker } = snap.model.tally;
  const rows = useMemo(
    () => listRows(snap.model.tasks.values(), listHeight, expandDone),
    [snap, listHeight, expandDone],
  );
  const found = rows.findIndex((row) => keyOf(row) === cursor.key);
  const selected = found >= 0 ? found : Math.min(cursor.index, rows.length - 1);
  const offset = scrollOffset(offsetRef.current, Math.max(0, selected), listHeight, rows.length);
  offsetRef.current = offset;

  const logTask = view.kind === "log" ? model.tasks.get(view.taskId) : undefined;
  const log = useLogLines(logTask?.logPath);
  const diffLines = useMemo(
    () =>
      view.kind !== "diff" || !view.outcome
        ? []
        : view.outcome.kind === "text"
          ? view.outcome.text.split("\n")
          : [view.outcome.why],
    [view],
  );

  const ended = FINISHED_RUN_STATES.includes(model.run.state);
  useEffect(() => {
    if (mode === "watch" && ended) onExit("ended");
  }, [mode, ended, onExit]);

  // Keys that arrive together are handled before React renders again: each move starts from
  // where the previous one went, not from the last render.
  const selectedRef = useRef(selected);
  selectedRef.current = selected;
  const moveBy = (delta: number): void => moveTo(selectedRef.current + delta);
  const moveTo = (index: number): void => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    selectedRef.current = clamped;
    setCursor({ key: keyOf(rows[clamped]), index: clamped });
  };

  const openDiff = (taskId: string): void => {
    setView({ kind: "diff", taskId, outcome: undefined });
    setPaneScroll(0);
    actions.diff(taskId).then(
      (outcome) =>
        setView((v) => (v.kind === "diff" && v.taskId === taskId ? { ...v, outcome } : v)),
      (error: unknown) =>
        setView((v) =>
          v.kind === "diff" && v.taskId === taskId
            ? { ...v, outcome: { kind: "none", why: `No diff: ${String(error)}` } }
            : v,
        ),
    );
  };

  const quit = (): void => {
    if (mode === "watch") onExit("detached");
    else setView({ kind: "confirm-quit" });
  };

  const scrollPane = (input: string, key: Key, lines: number, fromBottom: boolean): void => {
    const max = Math.max(0, lines - paneHeight);
    const step = key.pageUp || key.pageDown || input === " " ? paneHeight : 1;
    const up = key.upArrow || input === "k" || key.pageUp;
    const down = key.downArrow || input === "j" || key.pageDown || input === " ";
    const delta = (up ? -step : down ? step : 0) * (fromBottom ? -1 : 1);
    if (input === "g") setPaneScroll(fromBottom ? max : 0);
    else if (input === "G") setPaneScroll(fromBottom ? 0 : max);
    else setPaneScroll((s) => Math.max(0, Math.min(max, s + delta)));
  };

  const onKey = (input: string, key: Key): void => {
    const ctrlC = key.ctrl && input === "c";
    if (view.kind === "confirm-cancel") {
      setView({ kind: "list" });
      setNotice(
        input.toLowerCase() === "y"
          ? actions.cancelTask(view.taskId)
          : `Task ${view.taskId} goes on.`,
      );
      return;
    }
    if (view.kind === "confirm-quit") {
      setView({ kind: "list" });
      if (input.toLowerCase() === "y" || ctrlC) {
        actions.cancelRun();
        setNotice("Cancelling the run: its agents are stopped, finished results are kept…");
      } else if (input.toLowerCase() === "p") onExit("plain");
      else setNotice("The run goes on.");
      return;
    }
    if (ctrlC) {
      quit();
      return;
    }
    if (view.kind === "log" || view.kind === "diff") {
      if (key.escape || input === "q" || key.leftArrow || key.backspace) {
        setView({ kind: "list" });
        return;
      }
      scrollPane(
        input,
        key,
        view.kind === "log" ? log.lines.length : diffLines.length,
        view.kind === "log",
      );
      return;
    }
    setNotice(undefined);
    const selectedRow = rows[selectedRef.current];
    const selectedTask = selectedRow?.kind === "task" ? selectedRow.task : undefined;
    if (input === "q") quit();
    else if (key.upArrow || input === "k") moveBy(-1);
    else if (key.downArrow || input === "j") moveBy(1);
    else if (key.pageUp) moveBy(-listHeight);
    else if (key.pageDown || input === " ") moveBy(listHeight);
    else if (key.home || input === "g") moveTo(0);
    else if (key.end || input === "G") moveTo(rows.length - 1);
    else if (key.return && selectedRow?.kind === "done") setExpandDone((e) => !e);
    else if (key.return && selectedTask) {
      setView({ kind: "log", taskId: selectedTask.id });
      setPaneScroll(0);
    } else if (input === "d" && selectedTask) openDiff(selectedTask.id);
    else if (input === "c" && selectedTask) {
      if (selectedTask.state === "queued" || selectedTask.state === "active")
        setView({ kind: "confirm-cancel", taskId: selectedTask.id });
      else setNotice(`Task ${selectedTask.id} is not queued or working; nothing to cancel.`);
    }
  };
  // Ink subscribes a new handler only after the render's effects run; a key pressed in
  // between must still see this render's rows and view.
  const onKeyRef = useRef(onKey);
  onKeyRef.current = onKey;
  useInput((input, key) => onKeyRef.current(input, key));

  const quitKey =
    mode === "watch" ? "q detach (the run goes on)" : "q quit (asks before stopping the run)";
  let footer: { notice: string | undefined; asking: boolean; keys: string };
  if (view.kind === "confirm-cancel") {
    footer = {
      notice: `Cancel task ${view.taskId}? Its agent is stopped; tasks that depend on it are blocked. (y/N)`,
      asking: true,
      keys: "y cancel the task · any other key keeps it",
    };
  } else if (view.kind === "confirm-quit") {
    footer = {
      notice: "This run lives in this terminal. Stop it? (y/N) · p: plain lines, the run goes on",
      asking: true,
      keys: "y or Ctrl-C cancel the run · p plain lines · any other key goes back",
    };
  } else if (view.kind === "log") {
    footer = {
      notice,
      asking: false,
      keys: `↑↓ j k scroll · g top · G follow · esc back${paneScroll === 0 ? " · following" : ""}`,
    };
  } else if (view.kind === "diff") {
    footer = { notice, asking: false, keys: "↑↓ j k scroll · space page · esc back" };
  } else {
    const keys = `${LIST_KEYS} · ${quitKey}`;
    // A narrow terminal cuts the line's end: the way out comes first there.
    const short = `q ${mode === "watch" ? "detach" : "quit"} · jk move · enter log · d diff · c cancel`;
    footer = { notice, asking: false, keys: keys.length <= columns ? keys : short };
  }

  let body: ReactNode;
  if (view.kind === "log") {
    const task = logTask;
    const top = Math.max(0, log.lines.length - paneHeight - paneScroll);
    body = (
      <TextPane
        title={
          task?.logPath
            ? `Log of ${view.taskId}, attempt ${task.attempt}${task.worker ? ` on worker ${task.worker}` : ""}${log.cut ? " (its last 256 KiB)" : ""}: ${task.logPath}`
            : `Task ${view.taskId} has no log yet (it is ${task?.state ?? "gone"})`
        }
        lines={log.lines}
        top={top}
        height={paneHeight}
      />
    );
  } else if (view.kind === "diff") {
    body = (
      <TextPane
        title={
          view.outcome?.kind === "text"
            ? view.outcome.title
            : `Diff of ${view.taskId}${view.outcome ? "" : " (reading…)"}`
        }
        lines={diffLines}
        top={paneScroll}
        height={paneHeight}
        colorLine={view.outcome?.kind === "text" ? diffColor : undefined}
      />
    );
  } else {
    body = (
      <Box flexDirection="column">
        <RunHeader model={model} summary={summary} now={now} width={columns} />
        <TaskList
          rows={rows}
          offset={offset}
          selected={selected}
          height={listHeight}
          width={columns}
          longestId={longestId}
          longestWorker={longestWorker}
          now={now}
        />
      </Box>
    );
  }
  return (
    <Box flexDirection="column" width={columns} height={height}>
      <Box flexDirection="column" flexGrow={1}>
        {body}
      </Box>
      <Footer {...footer} />
    </Box>
  );
}
