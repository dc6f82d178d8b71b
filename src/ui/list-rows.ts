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
  // One pass into buckets by look, then each bucket in its own order: no sort of the whole run
  // at every frame (100,000 tasks), and the finished ones only counted while folded.
  const buckets = new Map<TaskLook, TaskRow[]>();
  for (const task of all) {
    const look = taskLook(task);
    const bucket = buckets.get(look);
    if (bucket) bucket.push(task);
    else buckets.set(look, [task]);
  }
  const looks = (Object.keys(RANK) as TaskLook[]).sort((a, b) => RANK[a] - RANK[b]);
  const open: ListRow[] = [];
  for (const look of looks) {
    if (look === "done") continue;
    const bucket = buckets.get(look) ?? [];
    bucket.sort(
      look === "working"
        ? (a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0) || a.seq - b.seq
        : (a, b) => a.seq - b.seq,
    );
    for (const task of bucket) open.push({ kind: "task", task });
  }
  const done = buckets.get("done");
  if (!done) return open;
  open.push({ kind: "done", count: done.length, expanded: expandDone });
  if (!expandDone) return open;
  // The latest finished first.
  done.sort((a, b) => (b.finishedAt ?? 0) - (a.finishedAt ?? 0) || b.seq - a.seq);
  for (const task of done) open.push({ kind: "task", task });
  return open;
}

/** The first visible row of a list `height` rows tall that keeps `selected` in view. */
export function scrollOffset(previous: number, selected: number, height: number, total: number) {
  const max = Math.max(0, total - height);
  let offset = Math.min(previous, max);
  if (selected < offset) offset = selected;
  if (selected >= offset + height) offset = selected - height + 1;
  return Math.max(0, Math.min(offset, max));
}
