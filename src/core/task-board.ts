import type { TaskRecord } from "./records.js";
import type { RunStore } from "./store-port.js";

/**
 * The store as the master of one run sees it: that run's tasks are held in memory, read from
 * there and kept in step with every write, so a scheduling decision costs the same at 10,000
 * tasks as at 10 instead of re-reading (and re-parsing) every task for each event. The only
 * change other processes make to a running run's tasks is a request to cancel or retry one,
 * which `tasksAskedToCancel` and `tasksAskedToRetry` read from the store itself.
 */
export function withTaskBoard(store: RunStore, runId: string): RunStore {
  let tasks: TaskRecord[] | undefined;
  const at = new Map<string, number>();
  const board = (): TaskRecord[] => {
    if (!tasks) {
      tasks = store.listTasks(runId);
      for (const [i, task] of tasks.entries()) at.set(task.id, i);
    }
    return tasks;
  };
  // One row read back after a write replaces the held record (records handed out earlier stay
  // what they were, as the store's own reads would), so it is exactly what the store holds.
  const refresh = (taskId: string): void => {
    if (!tasks) return;
    const fresh = store.getTask(runId, taskId);
    const i = at.get(taskId);
    if (fresh && i !== undefined) tasks[i] = fresh;
  };
  return {
    ...store,
    listTasks(id) {
      // A copy: callers add tasks while walking the list.
      return id === runId ? board().slice() : store.listTasks(id);
    },
    getTask(id, taskId) {
      if (id !== runId) return store.getTask(id, taskId);
      const held = board();
      const i = at.get(taskId);
      return i === undefined ? undefined : held[i];
    },
    updateTask(id, taskId, patch, event) {
      store.updateTask(id, taskId, patch, event);
      if (id === runId) refresh(taskId);
    },
    updateTasks(id, updates) {
      store.updateTasks(id, updates);
      // Read back whole on the next read: one query rather than a row per task.
      if (id === runId) {
        tasks = undefined;
        at.clear();
      }
    },
    addTask(id, task, event) {
      const added = store.addTask(id, task, event);
      if (id === runId && tasks) {
        at.set(added.id, tasks.length);
        tasks.push(added);
      }
      return added;
    },
    tasksAskedToCancel(id) {
      const asked = store.tasksAskedToCancel(id);
      if (id === runId) for (const taskId of asked) refresh(taskId);
      return asked;
    },
    tasksAskedToRetry(id) {
      const asked = store.tasksAskedToRetry(id);
      if (id === runId) for (const taskId of asked) refresh(taskId);
      return asked;
    },
  };
}
