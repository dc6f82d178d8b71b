import path from "node:path";
import type { TaskSpec } from "../../core/plan.js";
import { literalGlob } from "../../plan/scope.js";
import { slug } from "../../plan/slug.js";
import type { RecipeOptions, RecipePlan } from "../recipe.js";
import { inSourceTree, isConvertible, isTypeScript, skipReason } from "./convertible-files.js";
import { NothingToConvertError } from "./nothing-to-convert-error.js";
import { taskInstructions } from "./task-instructions.js";
import { FIX_TASK, TSCONFIG_TASK } from "./transform-request.js";
import { tscCheckCommand } from "./tsc-command.js";
import { UNTYPED_MODULES_FILE } from "./untyped-modules-file.js";

export const JS_TO_TS_AGENT = "builtin:js-to-ts";

const EXTENSIONS_AFTER: Record<string, string> = {
  ".js": "{js,ts,tsx}",
  ".jsx": "{jsx,tsx}",
  ".cjs": "{cjs,cts}",
  ".mjs": "{mjs,mts}",
};

/** A file's glob owning both its JavaScript name and the TypeScript names it may take. */
function ownGlob(file: string): string {
  const ext = path.posix.extname(file);
  return `${literalGlob(file.slice(0, -ext.length))}.${EXTENSIONS_AFTER[ext] ?? ext.slice(1)}`;
}

function shardTitle(dir: string, files: string[], part: string): string {
  const where = dir ? `${dir}/` : "";
  if (files.length === 1)
    return `Convert ${files[0]} → ${files[0]?.endsWith(".jsx") ? "TSX" : "TypeScript"}`;
  const names = files.map((f) => path.posix.basename(f));
  const exts = [...new Set(names.map((n) => path.posix.extname(n)))];
  return `Convert ${where}*${exts.length === 1 ? exts[0] : ".js"} → TypeScript${part}`;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * The js-to-ts plan, made without a model: one task per directory shard of at most `batch`
 * JavaScript files, one per JSX file, one for tsconfig.json, and a last task that type-checks
 * the merged result and fixes or records what is left: the model agent when there is one,
 * else the builtin agent. The run checks with armada's own tsc.
 */
export function planJsToTs(
  objective: string,
  files: string[],
  batch: number,
  options: RecipeOptions = { modelAgent: false },
): RecipePlan {
  const sources = files.filter(isConvertible).sort();
  if (sources.length === 0) {
    const skipped = files.filter((f) => {
      const reason = skipReason(f);
      return reason !== undefined && reason !== "not JavaScript";
    });
    throw new NothingToConvertError(files.filter(isTypeScript).length, skipped);
  }
  const used = new Set([TSCONFIG_TASK, FIX_TASK]);
  const tasks: TaskSpec[] = [];
  const convertTask = (id: string, title: string, shard: string[]): TaskSpec => ({
    id: uniqueId(id, used),
    title,
    instructions: taskInstructions("convert"),
    files: shard.map(ownGlob),
    deps: [],
    checks: [],
    agent: JS_TO_TS_AGENT,
  });
  const byDir = new Map<string, string[]>();
  for (const file of sources) {
    if (file.endsWith(".jsx")) {
      tasks.push(
        convertTask(`convert-${slug(file.replace(/\.jsx$/, ""))}`, shardTitle("", [file], ""), [
          file,
        ]),
      );
      continue;
    }
    const dir = path.posix.dirname(file).replace(/^\.$/, "");
    byDir.set(dir, [...(byDir.get(dir) ?? []), file]);
  }
  for (const [dir, dirFiles] of byDir) {
    const shards = chunk(dirFiles, batch);
    shards.forEach((shard, i) => {
      const part = shards.length > 1 ? ` (part ${i + 1} of ${shards.length})` : "";
      tasks.push(
        convertTask(`convert-${slug(dir || "root")}`, shardTitle(dir, shard, part), shard),
      );
    });
  }
  const hasTsconfig = files.includes("tsconfig.json");
  // Pages that load scripts by name, like Vite's index.html; build output and vendored code aside.
  const pages = files.filter((f) => f.endsWith(".html") && inSourceTree(f));
  tasks.push({
    id: TSCONFIG_TASK,
    title: `${hasTsconfig ? "Update" : "Create"} tsconfig.json with strict settings`,
    instructions: taskInstructions("tsconfig"),
    files: ["tsconfig.json"],
    deps: [],
    checks: [],
    agent: JS_TO_TS_AGENT,
  });
  const check = tscCheckCommand();
  tasks.push({
    id: FIX_TASK,
    title: "Fix type errors in converted files",
    instructions: options.modelAgent
      ? taskInstructions("fix-type-errors-model", { tsc: check })
      : taskInstructions("fix-type-errors"),
    files: [
      ...sources.map(ownGlob),
      ...pages.map(literalGlob),
      "tsconfig.json",
      UNTYPED_MODULES_FILE,
    ],
    deps: tasks.map((t) => t.id),
    // A model fixes what it can and checks its work; the builtin agent records the rest as debt.
    ...(options.modelAgent ? { checks: [check] } : { checks: [], agent: JS_TO_TS_AGENT }),
  });
  const warnings: string[] = [];
  if (!files.includes("package.json")) {
    warnings.push(
      'There is no package.json at the repository\'s root, so armada cannot tell ES modules from CommonJS or see the dependencies: files are typed as Node would load them without one (CommonJS, module NodeNext). Add a package.json (with "type": "module" for ES modules) and plan again if that is wrong.',
    );
  }
  const leftAlone = files.filter((f) => skipReason(f) === "tool configuration");
  if (leftAlone.length > 0) {
    warnings.push(
      `Left as JavaScript, because the tools that read them expect JavaScript: ${leftAlone.slice(0, 5).join(", ")}${leftAlone.length > 5 ? `, and ${leftAlone.length - 5} more` : ""}.`,
    );
  }
  return { plan: { objective, checks: [check], tasks }, warnings };
}
