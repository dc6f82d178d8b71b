import { type DirNode, directoryTree, foldersToOpen } from "./directory-tree.js";
import { type ImportGraph, importGraph } from "./import-graph.js";
import { projectFacts } from "./manifests.js";
import { readTree } from "./read-tree.js";

/** About 6,000 tokens: room for a plan and the exploration that follows. */
export const DEFAULT_SUMMARY_CHARS = 24_000;
const CHARS_PER_DIR_LINE = 110;
const OWN_FILES_LISTED = 6;
const TOP_LANGUAGES = 3;
const TOP_IMPORTS = 3;

export interface RepoSummary {
  /** What the planner is sent. */
  text: string;
  files: number;
  stats: {
    bytes: number;
    parsedFiles: number;
    parsedBytes: number;
    importEdges: number;
    folders: number;
    foldersShown: number;
    ms: { tree: number; facts: number; imports: number; render: number };
  };
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function size(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function topLanguages(languages: Map<string, number>, n: number): string {
  return [...languages]
    .filter(([name]) => name !== "other")
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([name, count]) => `${name} ${count.toLocaleString("en-US")}`)
    .join(", ");
}

function countFolders(dir: DirNode): number {
  let n = 1;
  for (const child of dir.children.values()) n += countFolders(child);
  return n;
}

/** Import counts between the folders shown: each file is counted in the deepest one shown. */
function folderImports(graph: ImportGraph, shown: Set<string>): Map<string, Map<string, number>> {
  const folderOf = new Map<string, string>();
  const lookup = (file: string): string => {
    const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
    let found = folderOf.get(dir);
    if (found === undefined) {
      let d = dir;
      while (d && !shown.has(d)) d = d.includes("/") ? d.slice(0, d.lastIndexOf("/")) : "";
      found = d;
      folderOf.set(dir, found);
    }
    return found;
  };
  const counts = new Map<string, Map<string, number>>();
  for (const [from, targets] of graph.edges) {
    const a = lookup(from);
    for (const to of targets) {
      const b = lookup(to);
      if (a === b) continue;
      const row = counts.get(a) ?? new Map<string, number>();
      counts.set(a, row);
      row.set(b, (row.get(b) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * What the master planner knows of a repository before it explores: size and languages,
 * manifests with their scripts (where checks come from), the contributors' guides, and a
 * folder-level map with what imports what, cut to fit `maxChars` however large the tree.
 */
export async function summariseRepo(
  root: string,
  commit: string,
  maxChars = DEFAULT_SUMMARY_CHARS,
): Promise<RepoSummary> {
  let t = performance.now();
  const lap = (): number => {
    const now = performance.now();
    const ms = now - t;
    t = now;
    return Math.round(ms);
  };
  const files = await readTree(root, commit);
  const tree = directoryTree(files);
  const msTree = lap();
  const facts = await projectFacts(root, files);
  const msFacts = lap();
  const graph = await importGraph(root, files, facts.tsconfig);
  const msImports = lap();

  const head = [
    `Files: ${plural(files.length, "file")} (${size(tree.bytes)}) at commit ${commit.slice(0, 12)}; languages: ${topLanguages(tree.languages, 8) || "none recognised"}`,
    ...(facts.packageManagers.length
      ? [`Package manager: ${facts.packageManagers.join(", ")}`]
      : []),
  ];
  const budgetFor = (share: number): number => Math.floor(maxChars * share);
  const cap = (lines: string[], chars: number): string[] => {
    const kept: string[] = [];
    let used = 0;
    for (const line of lines) {
      if (used + line.length > chars) {
        kept.push(`... ${lines.length - kept.length} more left out`);
        break;
      }
      kept.push(line);
      used += line.length + 1;
    }
    return kept;
  };
  const manifests = cap(facts.manifests, budgetFor(0.25));
  const guides = cap(facts.conventions, budgetFor(0.15));
  const packages = [...graph.packages]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25)
    .map(([name, n]) => `${name} (${n.toLocaleString("en-US")})`);
  const fixed = [...head, ...manifests, ...guides, packages.join(", ")].join("\n").length + 400;
  const maxLines = Math.max(10, Math.floor((maxChars - fixed) / CHARS_PER_DIR_LINE));
  const open = foldersToOpen(tree, maxLines);
  const shownPaths = new Set<string>([""]);
  for (const dir of open) for (const child of dir.children.values()) shownPaths.add(child.path);
  const imports = folderImports(graph, shownPaths);

  const dirLines: string[] = [];
  const describe = (dir: DirNode, indent: string): void => {
    const out = [...(imports.get(dir.path) ?? [])]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_IMPORTS)
      .map(([to, n]) => `${to || "(root)"}/ ${n}`);
    const languages = topLanguages(dir.languages, TOP_LANGUAGES);
    dirLines.push(
      `${indent}${dir.path}/ ${plural(dir.files, "file")}${languages ? ` · ${languages}` : ""}${out.length ? ` → imports ${out.join(", ")}` : ""}`,
    );
    if (!open.has(dir)) return;
    const children = [...dir.children.values()].sort((a, b) => a.path.localeCompare(b.path));
    for (const child of children) describe(child, `${indent}  `);
    if (dir.own.length) {
      const names = dir.own.slice().sort();
      dirLines.push(
        `${indent}  ${names.length <= OWN_FILES_LISTED ? names.join(", ") : `${plural(names.length, "file")} directly here, e.g. ${names.slice(0, 3).join(", ")}`}`,
      );
    }
  };
  const rootOut = [...(imports.get("") ?? [])].sort((a, b) => b[1] - a[1]).slice(0, TOP_IMPORTS);
  for (const child of [...tree.children.values()].sort((a, b) => a.path.localeCompare(b.path)))
    describe(child, "");
  if (tree.own.length) {
    const names = tree.own.slice().sort();
    dirLines.push(
      `(root files) ${names.slice(0, 30).join(", ")}${names.length > 30 ? `, ... ${names.length - 30} more` : ""}${rootOut.length ? ` → imports ${rootOut.map(([to, n]) => `${to}/ ${n}`).join(", ")}` : ""}`,
    );
  }

  const before = [
    head.join("\n"),
    manifests.length ? `Manifests:\n${manifests.map((m) => `- ${m}`).join("\n")}` : "",
    guides.length ? `Contributor guides:\n${guides.join("\n")}` : "",
  ];
  const after = packages.length
    ? `Packages imported most (files importing them): ${packages.join(", ")}`
    : "";
  const room = maxChars - [...before, after].join("\n\n").length - 200;
  const folders = cap(dirLines, Math.max(room, 1000));
  const text = [
    ...before,
    `Folders (files, main languages, → what their JavaScript/TypeScript files import, by folder):\n${folders.join("\n")}`,
    after,
  ]
    .filter(Boolean)
    .join("\n\n");
  const msRender = lap();
  return {
    text,
    files: files.length,
    stats: {
      bytes: tree.bytes,
      parsedFiles: graph.parsedFiles,
      parsedBytes: graph.parsedBytes,
      importEdges: [...graph.edges.values()].reduce((n, t) => n + t.length, 0),
      folders: countFolders(tree),
      foldersShown: shownPaths.size,
      ms: { tree: msTree, facts: msFacts, imports: msImports, render: msRender },
    },
  };
}
