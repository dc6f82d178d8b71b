import type { TaskRow } from "./run-model.js";
import { type TaskLook, taskLook } from "./task-look.js";

export type ListRow =
  | { kind: "task"; task: TaskRow }
  /** The finished tasks folded into one line; enter unfolds them. */
  | { kind: "done"; count: number; expanded: boolean };

const RANK: Record<TaskLook, number> = {
  working: 0,
  failed: 1,
  conflict: 2,
  blocked: 3,
  unchanged: 4,
  queued: 5,
  cancelled: 6,
  done: 7,
};

/**
 * The rows of the task list. When every task fits, all of them in plan order, so rows do not
 * move; otherwise what needs eyes first (working, then failed, conflicts, blocked), then the
 * queue, and the done tasks folded into a count at the end.
 */
export function listRows(
  tasks: Iterable<TaskRow>,
  capacity: number,
  expandDone: boolean,
): ListRow[] {
  const all = [...tasks];
  if (all.length <= capacity) return all.map((task) => ({ kind: "task", task }));
  const looks = new Map(all.map((t) => [t, taskLook(t)]));
  const sorted = all.sort((a, b) => {
    const byRank = RANK[looks.get(a) ?? "done"] - RANK[looks.get(b) ?? "done"];
    if (byRank !== 0) return byRank;
    if (looks.get(a) === "working") return (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.seq - b.seq;
    // The latest finished first.
    if (looks.get(a) === "done") return (b.finishedAt ?? 0) - (a.finishedAt ?? 0) || b.seq - a.seq;
    return a.seq - b.seq;
  });
  const firstDone = sorted.findIndex((t) => looks.get(t) === "done");
  const open: ListRow[] = (firstDone < 0 ? sorted : sorted.slice(0, firstDone)).map((task) => ({
    kind: "task",
    task,
  }));
  if (firstDone < 0) return open;
  const done = sorted.slice(firstDone);
  return [
    ...open,
    { kind: "done", count: done.length, expanded: expandDone },
    ...(expandDone ? done.map((task): ListRow => ({ kind: "task", task })) : []),
  ];
}

/** The first visible row of a list `height` rows tall that keeps `selected` in view. */
export function scrollOffset(previous: number, selected: number, height: number, total: number) {
  const max = Math.max(0, total - height);
  let offset = Math.min(previous, max);
  if (selected < offset) offset = selected;
  if (selected >= offset + height) offset = selected - height + 1;
  return Math.max(0, Math.min(offset, max));
}
