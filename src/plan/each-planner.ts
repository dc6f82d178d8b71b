import path from "node:path";
import { UsageError } from "../core/errors.js";
import type { Plan, TaskSpec } from "../core/plan.js";
import { filesInScope, literalGlob } from "./scope.js";
import { slug } from "./slug.js";

function commonDir(files: string[]): string {
  const dirs = files.map((f) => path.posix.dirname(f).split("/"));
  const first = dirs[0] ?? [];
  let n = 0;
  while (n < first.length && dirs.every((d) => d[n] === first[n])) n++;
  return first.slice(0, n).join("/").replace(/^\.$/, "");
}

function describeBatch(batch: string[]): string {
  if (batch.length === 1) return batch[0] ?? "";
  const dir = commonDir(batch);
  return `${dir ? `${dir}/` : ""}{${batch.length} files: ${batch
    .slice(0, 3)
    .map((f) => path.posix.basename(f))
    .join(", ")}${batch.length > 3 ? ", ..." : ""}}`;
}

/**
 * `--each <glob> --batch <n>`: one task per batch of matching files, the objective as its
 * instructions and the batch as its scope.
 */
export function planEach(objective: string, globs: string[], batch: number, files: string[]): Plan {
  const matched = filesInScope(globs, files).sort();
  if (matched.length === 0) {
    throw new UsageError(
      `--each ${globs.map((g) => `"${g}"`).join(" ")} matches no file of the repository (at HEAD plus your uncommitted changes; ignored files are not part of it). Check the pattern: globs are relative to the repository's root, e.g. "src/**/*.js".`,
    );
  }
  const tasks: TaskSpec[] = [];
  const used = new Set<string>();
  for (let i = 0; i < matched.length; i += batch) {
    const files = matched.slice(i, i + batch);
    const base = batch === 1 ? slug(files[0] ?? "") : slug(commonDir(files) || "root");
    let id = batch === 1 ? base : `${base}-${tasks.length + 1}`;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    tasks.push({
      id,
      title: `${objective}: ${describeBatch(files)}`,
      instructions: objective,
      files: files.map(literalGlob),
      deps: [],
      checks: [],
    });
  }
  return { objective, checks: [], tasks };
}
