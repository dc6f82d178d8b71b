import { readFile, readlink, stat } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { objectStore } from "./object-store.js";
import { runGit } from "./run-git.js";

export interface WorkFile {
  /** Where the file belongs in the repository. */
  path: string;
  /** Where to read it on this machine. */
  source: string;
  symlink: boolean;
}

const CONVERTING = ["filter", "ident", "working-tree-encoding"];
const LINE_ENDINGS = ["text", "eol", "crlf"];

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "unspecified" && value !== "unset";
}

async function attributes(
  env: Record<string, string>,
  cwd: string,
  paths: string[],
): Promise<Map<string, Map<string, string>>> {
  const out = await runGit(["check-attr", "-z", "--stdin", ...CONVERTING, ...LINE_ENDINGS], {
    cwd,
    env,
    input: `${paths.join("\0")}\0`,
  });
  const fields = out.stdout.split("\0");
  const byPath = new Map<string, Map<string, string>>();
  for (let i = 0; i + 2 < fields.length; i += 3) {
    const file = fields[i] ?? "";
    const values = byPath.get(file) ?? new Map<string, string>();
    values.set(fields[i + 1] ?? "", fields[i + 2] ?? "");
    byPath.set(file, values);
  }
  return byPath;
}

/** Runs `work` over items with at most `limit` at a time. */
async function pooled<T>(
  items: T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++];
      if (item !== undefined) await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}

// Above this a file is hashed by git, which streams it, rather than read whole into memory.
const STREAMED_BYTES = 32 * 1024 * 1024;

// Where attributes can come from besides the repository's own files: read once per repository.
const attributeFilesByGitDir = new Map<string, Promise<string[]>>();

function attributeFiles(
  gitDir: string,
  cwd: string,
  env: Record<string, string>,
): Promise<string[]> {
  let files = attributeFilesByGitDir.get(gitDir);
  if (!files) {
    files = Promise.all([
      runGit(["config", "--path", "--get", "core.attributesFile"], { cwd, env, okCodes: [1] }),
      runGit(["--exec-path"], { cwd, env }),
    ]).then(([configured, execPath]) => {
      const home = process.env.XDG_CONFIG_HOME || path.join(homedir(), ".config");
      // Git's system file is $(sysconfdir)/gitattributes: /etc for a git installed in /usr.
      const prefix = path.dirname(path.dirname(execPath.stdout.trim()));
      return [
        configured.stdout.trim() || path.join(home, "git", "attributes"),
        "/etc/gitattributes",
        path.join(prefix, "etc", "gitattributes"),
        path.join(gitDir, "info", "attributes"),
      ];
    });
    attributeFilesByGitDir.set(gitDir, files);
  }
  return files;
}

// Whether a base's index holds a .gitattributes anywhere, by index file and its last change.
const baseAttributes = new Map<string, Promise<boolean>>();

/**
 * Whether any attributes can apply to these paths: most repositories have none at all, and
 * asking git costs a process that reads the whole index, per attempt.
 */
async function attributesMayApply(
  gitDir: string,
  cwd: string,
  indexFile: string,
  env: Record<string, string>,
  paths: string[],
): Promise<boolean> {
  if (paths.some((file) => path.posix.basename(file) === ".gitattributes")) return true;
  for (const file of await attributeFiles(gitDir, cwd, env)) if (await exists(file)) return true;
  const index = await stat(indexFile).catch(() => undefined);
  if (!index) return true;
  const key = `${indexFile}\0${index.mtimeMs}\0${index.size}`;
  let found = baseAttributes.get(key);
  if (!found) {
    found = runGit(["ls-files", "-z", "--", ":(glob)**/.gitattributes"], { cwd, env }).then(
      (out) => out.stdout.length > 0,
    );
    baseAttributes.set(key, found);
  }
  return found;
}

function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

const autocrlfByGitDir = new Map<string, Promise<boolean>>();

/** Whether core.autocrlf asks for line-ending conversion: read once per repository. */
function lineEndingsByConfig(
  gitDir: string,
  cwd: string,
  env: Record<string, string>,
): Promise<boolean> {
  let answer = autocrlfByGitDir.get(gitDir);
  if (!answer) {
    answer = runGit(["config", "--get", "core.autocrlf"], { cwd, env, okCodes: [1] }).then((out) =>
      ["true", "input"].includes(out.stdout.trim()),
    );
    autocrlfByGitDir.set(gitDir, answer);
  }
  return answer;
}

/**
 * Stores files as blobs, as `git add` would: content is read from each file's `source`, and the
 * conversions its path's attributes ask for (clean filters such as LFS or git-crypt, line
 * endings) apply, judged by the `.gitattributes` of `attrWorkTree` with `indexFile` as index.
 * Files that need no conversion are written by this process (large ones by one git process);
 * the others take one git process each.
 */
export async function hashFiles(
  gitDir: string,
  attrWorkTree: string,
  indexFile: string,
  files: WorkFile[],
): Promise<Map<string, string>> {
  const env = { GIT_DIR: gitDir, GIT_WORK_TREE: attrWorkTree, GIT_INDEX_FILE: indexFile };
  const oids = new Map<string, string>();
  const regular = files.filter((f) => !f.symlink);
  const crlfByConfig = await lineEndingsByConfig(gitDir, attrWorkTree, env);
  const paths = regular.map((f) => f.path);
  const attrs =
    regular.length && (await attributesMayApply(gitDir, attrWorkTree, indexFile, env, paths))
      ? await attributes(env, attrWorkTree, paths)
      : new Map();
  const raw: WorkFile[] = [];
  const converted: { file: WorkFile; content: Buffer }[] = [];
  for (const file of regular) {
    const values: Map<string, string> = attrs.get(file.path) ?? new Map();
    const converting = CONVERTING.some((a) => isSet(values.get(a)));
    const lineEndings = crlfByConfig
      ? values.get("text") !== "unset"
      : LINE_ENDINGS.some((a) => isSet(values.get(a)));
    if (!converting && !lineEndings) {
      raw.push(file);
      continue;
    }
    const content = await readFile(file.source);
    // Line-ending conversion only changes content that has carriage returns.
    if (!converting && !content.includes(13)) raw.push(file);
    else converted.push({ file, content });
  }
  const store = objectStore(attrWorkTree, gitDir);
  const streamed: WorkFile[] = [];
  await pooled([...raw, ...files.filter((f) => f.symlink)], 8, async (file) => {
    if (file.symlink) {
      oids.set(file.path, await store.write("blob", Buffer.from(await readlink(file.source))));
    } else if ((await stat(file.source)).size > STREAMED_BYTES && !file.source.includes("\n")) {
      streamed.push(file);
    } else {
      oids.set(file.path, await store.write("blob", await readFile(file.source)));
    }
  });
  if (streamed.length > 0) {
    const out = await runGit(["hash-object", "-w", "--no-filters", "--stdin-paths"], {
      cwd: attrWorkTree,
      env,
      input: `${streamed.map((f) => f.source).join("\n")}\n`,
    });
    out.stdout
      .trim()
      .split("\n")
      .forEach((oid, i) => {
        const file = streamed[i];
        if (file) oids.set(file.path, oid);
      });
  }
  await pooled(converted, 4, async ({ file, content }) => {
    const out = await runGit(["hash-object", "-w", `--path=${file.path}`, "--stdin"], {
      cwd: attrWorkTree,
      env,
      input: content,
    });
    oids.set(file.path, out.stdout.trim());
  });
  return oids;
}
