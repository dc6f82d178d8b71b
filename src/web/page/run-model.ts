import type {
  BaselineView,
  CheckRound,
  ConflictView,
  CulpritView,
  RunChange,
  RunSnapshot,
  RunView,
  SetupView,
  TaskView,
} from "../api.js";

/** A run as the page holds it: the snapshot with every change since applied. */
export interface RunModel {
  seq: number;
  run: RunView;
  /** In plan order (by seq). A task that did not move keeps its object, so memo skips it. */
  tasks: readonly TaskView[];
  /**
   * Each task's position in `tasks`. Appending a task extends it in place (no older position
   * moves), so a change costs one copy of the list, not two; `findTask` checks the id it finds.
   */
  index: Map<string, number>;
  /**
   * The tasks as of the last change to the plan's shape (a task added, deps changed): the
   * graph's layout depends on ids, seqs and deps only, so it is redone only when this changes.
   */
  plan: readonly TaskView[];
  conflicts: ConflictView[];
  checkRounds: CheckRound[];
  baseline?: BaselineView[] | undefined;
  setup?: SetupView | undefined;
  culprits: CulpritView[];
}

function indexOf(tasks: readonly TaskView[]): Map<string, number> {
  return new Map(tasks.map((task, position) => [task.id, position]));
}

function bySeq(a: TaskView, b: TaskView): number {
  return a.seq - b.seq;
}

export function modelFromSnapshot(snapshot: RunSnapshot): RunModel {
  const tasks = snapshot.tasks.slice().sort(bySeq);
  return {
    seq: snapshot.seq,
    run: snapshot.run,
    tasks,
    index: indexOf(tasks),
    plan: tasks,
    conflicts: snapshot.conflicts,
    checkRounds: snapshot.checkRounds,
    baseline: snapshot.baseline,
    setup: snapshot.setup,
    culprits: snapshot.culprits,
  };
}

function positionIn(tasks: readonly TaskView[], index: Map<string, number>, id: string) {
  const position = index.get(id);
  return position !== undefined && tasks[position]?.id === id ? position : undefined;
}

export function findTask(
  model: Pick<RunModel, "tasks" | "index">,
  id: string,
): TaskView | undefined {
  const position = positionIn(model.tasks, model.index, id);
  return position === undefined ? undefined : model.tasks[position];
}

function sameDeps(a: TaskView, b: TaskView): boolean {
  return a.deps.length === b.deps.length && a.deps.every((dep, i) => dep === b.deps[i]);
}

/** Merges tasks sorted by seq into a list sorted by seq. */
function mergeBySeq(tasks: readonly TaskView[], added: TaskView[]): TaskView[] {
  const merged: TaskView[] = [];
  let i = 0;
  for (const task of added) {
    while (i < tasks.length && (tasks[i] as TaskView).seq <= task.seq)
      merged.push(tasks[i++] as TaskView);
    merged.push(task);
  }
  while (i < tasks.length) merged.push(tasks[i++] as TaskView);
  return merged;
}

/** The list with the new tasks put in plan order, and its index: one copy of the list. */
function withAdded(model: RunModel, added: TaskView[]): [TaskView[], Map<string, number>] {
  const fresh = added.sort(bySeq);
  const last = model.tasks[model.tasks.length - 1];
  if (fresh.length > 0 && last !== undefined && (fresh[0] as TaskView).seq < last.seq) {
    const merged = mergeBySeq(model.tasks, fresh);
    return [merged, indexOf(merged)];
  }
  const appended = model.tasks.slice();
  for (const task of fresh) {
    model.index.set(task.id, appended.length);
    appended.push(task);
  }
  return [appended, model.index];
}

/** The model after a change: tasks replaced by id, new ones put in plan order. */
export function applyChange(model: RunModel, change: RunChange): RunModel {
  if (change.seq <= model.seq) return model;
  const moved: TaskView[] = [];
  const added = new Map<string, TaskView>();
  for (const task of change.tasks)
    if (positionIn(model.tasks, model.index, task.id) === undefined) added.set(task.id, task);
    else moved.push(task);
  let tasks = model.tasks;
  let index = model.index;
  let planChanged = added.size > 0;
  if (moved.length > 0 || added.size > 0) {
    const [next, nextIndex] = withAdded(model, [...added.values()]);
    for (const task of moved) {
      const position = nextIndex.get(task.id) as number;
      if (!sameDeps(next[position] as TaskView, task)) planChanged = true;
      next[position] = task;
    }
    tasks = next;
    index = nextIndex;
  }
  return {
    seq: change.seq,
    run: change.run,
    tasks,
    index,
    plan: planChanged ? tasks : model.plan,
    conflicts: change.conflicts ?? model.conflicts,
    checkRounds: change.checkRounds ?? model.checkRounds,
    baseline: change.baseline ?? model.baseline,
    setup: change.setup ?? model.setup,
    culprits: change.culprits ?? model.culprits,
  };
}
