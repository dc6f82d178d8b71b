import type { TaskState, TaskView } from "../api.js";
import { TASK_STATES } from "./task-states.js";

export type SortKey = "seq" | "id" | "state" | "duration";

export interface TaskQuery {
  /** The states shown; empty shows every state. */
  states: ReadonlySet<TaskState>;
  search: string;
  sort: SortKey;
  descending: boolean;
}

export const DEFAULT_QUERY: TaskQuery = {
  states: new Set(),
  search: "",
  sort: "seq",
  descending: false,
};

/** How long a task ran, or runs so far; undefined before it started. */
export function taskDuration(task: TaskView, now: number): number | undefined {
  if (task.startedAt === undefined) return undefined;
  const end = task.finishedAt ?? (task.state === "active" ? now : undefined);
  return end === undefined ? undefined : Math.max(0, end - task.startedAt);
}

export function countStates(tasks: readonly TaskView[]): Record<TaskState, number> {
  const counts = Object.fromEntries(TASK_STATES.map((state) => [state, 0])) as Record<
    TaskState,
    number
  >;
  for (const task of tasks) counts[task.state]++;
  return counts;
}

function matches(task: TaskView, needle: string): boolean {
  return (
    task.id.toLowerCase().includes(needle) ||
    task.title.toLowerCase().includes(needle) ||
    (task.error?.toLowerCase().includes(needle) ?? false)
  );
}

const STATE_RANK = new Map(TASK_STATES.map((state, rank) => [state, rank]));

function comparator(key: SortKey, now: number): (a: TaskView, b: TaskView) => number {
  switch (key) {
    case "id":
      return (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    case "state":
      return (a, b) =>
        (STATE_RANK.get(a.state) ?? 0) - (STATE_RANK.get(b.state) ?? 0) || a.seq - b.seq;
    case "duration":
      return (a, b) => (taskDuration(a, now) ?? -1) - (taskDuration(b, now) ?? -1) || a.seq - b.seq;
    case "seq":
      return (a, b) => a.seq - b.seq;
  }
}

/** The tasks the table shows, in its order; `tasks` must be in plan (seq) order. */
export function selectTasks(tasks: readonly TaskView[], query: TaskQuery, now: number): TaskView[] {
  const needle = query.search.trim().toLowerCase();
  const all = query.states.size === 0;
  const shown =
    all && needle === ""
      ? tasks.slice()
      : tasks.filter(
          (task) =>
            (all || query.states.has(task.state)) && (needle === "" || matches(task, needle)),
        );
  if (query.sort !== "seq") shown.sort(comparator(query.sort, now));
  if (query.descending) shown.reverse();
  return shown;
}
