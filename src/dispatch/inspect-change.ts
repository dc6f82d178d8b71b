import picomatch from "picomatch";
import type { AttemptSpec } from "../core/dispatcher-port.js";
import { type ChangedPath, changeWithSize } from "../git/index.js";
import { suspiciousChange } from "./suspicious-change.js";

export interface ChangeVerdict {
  changed: string[];
  outOfScope: string[];
  /** Why the change must not be merged; undefined when it may. */
  rejected: string | undefined;
  /** Lines added plus deleted, for accepted changes. */
  changeSize: number | undefined;
}

/** A change is in scope when its path, or for a rename its old path, matches the task's globs. */
function outOfScope(
  globs: string[],
  changes: { path: string; from?: string | undefined }[],
): string[] {
  if (globs.length === 0) return changes.map((c) => c.path);
  const match = picomatch(globs, { dot: true });
  return changes.filter((c) => !match(c.path) && !(c.from && match(c.from))).map((c) => c.path);
}

/**
 * Judges an attempt's change (a commit on `spec.startCommit`) by what it touches: whether it
 * is suspicious, which paths fall outside the task's scope, and whether `--scope strict`
 * rejects it. The same judgement applies where the change was made and where it is accepted;
 * the caller may already know the changed paths, and a size that only ranks attempts.
 */
export async function inspectChange(
  repoRoot: string,
  spec: AttemptSpec,
  commit: string,
  log: (line: string) => void,
  known?: { changes: ChangedPath[]; size: number | undefined },
): Promise<ChangeVerdict> {
  const { changes, size } = known ?? (await changeWithSize(repoRoot, spec.startCommit, commit));
  const changed = changes.map((c) => c.path);
  const suspicious = await suspiciousChange(
    repoRoot,
    spec.startCommit,
    changes,
    spec.maxDeleteShare,
  );
  if (suspicious) {
    log(`armada: the change was rejected: ${suspicious}\n`);
    return {
      changed: [],
      outOfScope: [],
      rejected: `its change was rejected: ${suspicious}`,
      changeSize: undefined,
    };
  }
  const stray = outOfScope(spec.task.files, changes);
  log(`\narmada: captured ${changed.length} changed path(s) as ${commit.slice(0, 12)}\n`);
  if (stray.length > 0) {
    log(`armada: outside the task's scope: ${stray.join(", ")}\n`);
    if (spec.scopePolicy === "strict") {
      return {
        changed: [],
        outOfScope: stray,
        rejected: `changed files outside its scope (--scope strict): ${stray.slice(0, 10).join(", ")}`,
        changeSize: undefined,
      };
    }
  }
  return {
    changed,
    outOfScope: stray,
    rejected: undefined,
    changeSize: size,
  };
}
