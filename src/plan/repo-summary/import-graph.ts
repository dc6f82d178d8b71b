import path from "node:path";
import { JS_LIKE } from "./languages.js";
import { readBlobs } from "./read-blobs.js";
import type { TreeFile } from "./read-tree.js";

/** Generated bundles and vendored files say little about structure and cost the most to read. */
const MAX_PARSED_BYTES = 512 * 1024;
const EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

export interface ImportGraph {
  /** Internal imports: file → the files it imports. */
  edges: Map<string, string[]>;
  /** Bare specifiers by package, with the number of files importing each. */
  packages: Map<string, number>;
  parsedFiles: number;
  parsedBytes: number;
}

interface Alias {
  prefix: string;
  targets: string[];
}

type Ts = typeof import("typescript");

/** `compilerOptions.paths` of the root tsconfig/jsconfig: `@/x` → `src/x` and the like. */
function readAliases(ts: Ts, config: string | undefined): Alias[] {
  if (!config) return [];
  const parsed = ts.parseConfigFileTextToJson("tsconfig.json", config).config as
    | { compilerOptions?: { baseUrl?: string; paths?: Record<string, string[]> } }
    | undefined;
  const options = parsed?.compilerOptions;
  const baseUrl = options?.baseUrl ?? ".";
  return Object.entries(options?.paths ?? {}).map(([pattern, targets]) => ({
    prefix: pattern.replace(/\*$/, ""),
    targets: targets.map((t) => path.posix.join(baseUrl, t.replace(/\*$/, ""))),
  }));
}

function packageName(specifier: string): string {
  if (specifier.startsWith("node:")) return "node:*";
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

/**
 * The import graph of a commit's JavaScript and TypeScript files, parsed with TypeScript's
 * own pre-processor (static and dynamic imports, `require`, re-exports, `import type`) and
 * resolved the way bundlers and NodeNext do: `.js` written for `.ts`, index files, tsconfig
 * path aliases.
 */
export async function importGraph(
  root: string,
  files: TreeFile[],
  tsconfig?: string,
): Promise<ImportGraph> {
  const ts = (await import("typescript")).default;
  const all = new Set(files.map((f) => f.path));
  const aliases = readAliases(ts, tsconfig);
  const resolveBase = (base: string): string | undefined => {
    const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, "");
    const candidates = [
      base,
      ...EXTENSIONS.map((ext) => stem + ext),
      ...EXTENSIONS.map((ext) => `${base}/index${ext}`),
    ];
    return candidates.find((c) => all.has(c));
  };
  const resolve = (from: string, specifier: string): string | undefined => {
    if (specifier.startsWith("."))
      return resolveBase(path.posix.join(path.posix.dirname(from), specifier));
    for (const alias of aliases) {
      if (!specifier.startsWith(alias.prefix)) continue;
      for (const target of alias.targets) {
        const found = resolveBase(
          path.posix.normalize(target + specifier.slice(alias.prefix.length)),
        );
        if (found) return found;
      }
    }
    return undefined;
  };
  const sources = files.filter((f) => JS_LIKE.test(f.path) && f.size <= MAX_PARSED_BYTES);
  const graph: ImportGraph = {
    edges: new Map(),
    packages: new Map(),
    parsedFiles: 0,
    parsedBytes: 0,
  };
  await readBlobs(
    root,
    sources.map((f) => f.blob),
    (index, content) => {
      const file = sources[index];
      if (!file) return;
      graph.parsedFiles++;
      graph.parsedBytes += content.length;
      const info = ts.preProcessFile(content.toString("utf8"), true, true);
      const targets = new Set<string>();
      const used = new Set<string>();
      for (const { fileName } of info.importedFiles) {
        const target = resolve(file.path, fileName);
        if (target) targets.add(target);
        else if (!fileName.startsWith(".") && !fileName.startsWith("/"))
          used.add(packageName(fileName));
      }
      if (targets.size) graph.edges.set(file.path, [...targets]);
      for (const name of used) graph.packages.set(name, (graph.packages.get(name) ?? 0) + 1);
    },
  );
  return graph;
}
