import { lstat, readFile, symlink } from "node:fs/promises";
import path from "node:path";
import type { Container } from "dockerode";
import { WORKSPACE } from "./docker-image.js";
import { nestedHead } from "./nested-head.js";
import { readTarEntry } from "./tar-entry.js";
import { nestedRoot, type WorkChanges } from "./tree-from-changes.js";

const DELETED = 2;

async function kindIn(dir: string, file: string): Promise<"dir" | "file" | undefined> {
  const info = await lstat(path.join(dir, file)).catch(() => undefined);
  if (!info) return undefined;
  return info.isDirectory() ? "dir" : "file";
}

/**
 * What changed in a container's codebase, from the engine's own diff of its file system:
 * deletions as listed (a folder removed and made again lists what it lost), and each added
 * or modified file fetched through the engine's archive API into `scratch`. Folders are
 * recognised by what is listed below them; a path listed alone is fetched and, if it is a
 * folder after all, dropped after reading its first header. Costs the size of the change.
 */
export async function dockerChanges(
  container: Container,
  base: string,
  skip: string[],
  scratch: string,
): Promise<WorkChanges> {
  const changes: WorkChanges = { files: new Map(), deleted: new Set(), nested: new Map() };
  const diff: { Path: string; Kind: number }[] | null = await container.changes();
  const listed = (diff ?? [])
    .filter((c) => c.Path.startsWith(`${WORKSPACE}/`))
    .map((c) => ({ file: c.Path.slice(WORKSPACE.length + 1), kind: c.Kind }))
    .filter(({ file }) => !skip.some((s) => file === s || file.startsWith(`${s}/`)));
  const fetchFile = async (file: string, dest: string) =>
    readTarEntry(await container.getArchive({ path: `${WORKSPACE}/${file}` }), dest);
  const roots = new Set(listed.map(({ file }) => nestedRoot(file)).filter((r) => r !== undefined));
  for (const root of roots) {
    const read = async (file: string): Promise<string | undefined> => {
      const dest = path.join(scratch, `nested-${changes.nested.size}`);
      const entry = await fetchFile(`${root}/${file}`, dest).catch(() => undefined);
      return entry?.kind === "file" ? readFile(dest, "utf8") : undefined;
    };
    changes.nested.set(root, await nestedHead(read));
    if ((await kindIn(base, root)) !== undefined) changes.deleted.add(root);
  }
  const inNested = (file: string): boolean =>
    [...roots].some((root) => file === root || file.startsWith(`${root}/`));
  const parents = new Set(listed.map(({ file }) => path.posix.dirname(file)));
  const fetch: string[] = [];
  for (const { file, kind } of listed) {
    if (inNested(file)) continue;
    if (kind === DELETED) changes.deleted.add(file);
    else if (!parents.has(file)) fetch.push(file);
    else if ((await kindIn(base, file)) === "file") changes.deleted.add(file);
  }
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < fetch.length) {
      const n = next++;
      const file = fetch[n];
      if (file === undefined) continue;
      const source = path.join(scratch, String(n));
      const entry = await fetchFile(file, source);
      const before = await kindIn(base, file);
      if (!entry || entry.kind === "other") continue;
      if (entry.kind === "dir") {
        if (before === "file") changes.deleted.add(file);
        continue;
      }
      if (entry.kind === "symlink") await symlink(entry.target ?? "", source);
      changes.files.set(file, {
        source,
        symlink: entry.kind === "symlink",
        executable: (entry.mode & 0o100) !== 0,
        fresh: before !== "file",
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, fetch.length) }, lane));
  return changes;
}
