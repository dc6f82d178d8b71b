import type { TaskRecord } from "./records.js";

/** A dependency is satisfied once its result is part of the integration state. */
export function dependencyReady(dep: TaskRecord | undefined): boolean {
  return (
    dep?.state === "completed" && (dep.mergeState === "merged" || dep.mergeState === "resolved")
  );
}

/**
 * Why a dependency can never be satisfied, or undefined while it still may be: it failed, or
 * its result conflicts with no redo or resolver left to fix that.
 */
export function dependencyDead(
  dep: TaskRecord | undefined,
  tasks: TaskRecord[],
): string | undefined {
  if (!dep) return "is missing";
  if (dep.state === "failed" || dep.state === "blocked" || dep.state === "cancelled")
    return dep.state;
  if (dep.state !== "completed") return undefined;
  if (dep.mergeState === "skipped") return "was not merged";
  if (dep.mergeState !== "conflict") return undefined;
  const resolving = tasks.some(
    (t) => t.resolves === dep.id && (t.state === "queued" || t.state === "active"),
  );
  return resolving ? undefined : "conflicts with other results";
}
