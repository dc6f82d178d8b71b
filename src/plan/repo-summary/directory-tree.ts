import { languageOf } from "./languages.js";
import type { TreeFile } from "./read-tree.js";

export interface DirNode {
  /** `""` for the root, else `a/b` without a trailing slash. */
  path: string;
  parent: DirNode | undefined;
  /** Files below it, at any depth. */
  files: number;
  bytes: number;
  languages: Map<string, number>;
  /** Names of the files directly in it. */
  own: string[];
  children: Map<string, DirNode>;
}

function node(path: string, parent: DirNode | undefined): DirNode {
  return { path, parent, files: 0, bytes: 0, languages: new Map(), own: [], children: new Map() };
}

/** The folders of a file list, each with the counts of everything below it. */
export function directoryTree(files: TreeFile[]): DirNode {
  const root = node("", undefined);
  for (const file of files) {
    const parts = file.path.split("/");
    const name = parts.pop() ?? file.path;
    const language = languageOf(file.path);
    let dir = root;
    const visit = (d: DirNode): void => {
      d.files++;
      d.bytes += file.size;
      d.languages.set(language, (d.languages.get(language) ?? 0) + 1);
    };
    visit(dir);
    for (const part of parts) {
      let child = dir.children.get(part);
      if (!child) {
        child = node(dir.path ? `${dir.path}/${part}` : part, dir);
        dir.children.set(part, child);
      }
      dir = child;
      visit(dir);
    }
    dir.own.push(name);
  }
  return root;
}

/**
 * Which folders to open so the listing fits `maxLines`: the root, then always the folder
 * holding the most files among those still closed. A 50,000-file repository reads as its
 * big parts first, and small repositories come out whole.
 */
export function foldersToOpen(root: DirNode, maxLines: number): Set<DirNode> {
  const open = new Set<DirNode>();
  const closed: DirNode[] = [root];
  let lines = 0;
  for (;;) {
    closed.sort((a, b) => b.files - a.files);
    const next = closed.shift();
    if (!next) break;
    // Opening shows one line per sub-folder, and one for the folder's own files.
    const cost = next.children.size + (next.own.length ? 1 : 0);
    if (next.children.size === 0 && next !== root) continue;
    if (lines + cost > maxLines && open.size > 0) break;
    open.add(next);
    lines += cost;
    closed.push(...next.children.values());
  }
  return open;
}
