export type DiffLineKind = "add" | "del" | "context" | "hunk" | "note";

export interface DiffLine {
  kind: DiffLineKind;
  /** The line without its +, - or space marker (hunk headers and notes whole). */
  text: string;
  /** Its number in the file before the change (deleted and context lines). */
  oldLine?: number;
  /** Its number in the file after the change (added and context lines). */
  newLine?: number;
}

export type FileStatus = "modified" | "added" | "deleted" | "renamed";

export interface DiffFile {
  /** The path after the change (before it, for a deleted file). */
  path: string;
  oldPath: string;
  status: FileStatus;
  binary: boolean;
  additions: number;
  deletions: number;
  lines: DiffLine[];
}

interface Cursor {
  file: DiffFile;
  oldLine: number;
  newLine: number;
}

const ESCAPES: Record<string, number> = {
  n: 10,
  t: 9,
  r: 13,
  '"': 34,
  "\\": 92,
  a: 7,
  b: 8,
  f: 12,
  v: 11,
};

/** Git's C-style quoting of paths with unusual bytes: `"a/t\303\251st"`. */
function unquote(path: string): string {
  if (!path.startsWith('"') || !path.endsWith('"') || path.length < 2) return path;
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  const body = path.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const char = body[i] as string;
    if (char !== "\\") {
      bytes.push(...encoder.encode(char));
      continue;
    }
    const next = body[i + 1] ?? "";
    const octal = /^[0-7]{3}/.exec(body.slice(i + 1));
    if (octal) {
      bytes.push(Number.parseInt(octal[0], 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

function stripPrefix(path: string): string {
  return path.replace(/^[ab]\//, "");
}

/** The two paths of a `diff --git a/X b/Y` line; a path may hold spaces, so try halves first. */
function headerPaths(rest: string): [string, string] {
  const quoted = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
  if (quoted && (rest.startsWith('"') || rest.endsWith('"')))
    return [stripPrefix(unquote(quoted[1] as string)), stripPrefix(unquote(quoted[2] as string))];
  const half = (rest.length - 1) / 2;
  if (Number.isInteger(half)) {
    const before = rest.slice(0, half);
    const after = rest.slice(half + 1);
    if (before.startsWith("a/") && after.startsWith("b/") && before.slice(2) === after.slice(2))
      return [before.slice(2), after.slice(2)];
  }
  const split = rest.lastIndexOf(" b/");
  if (split < 0) return [stripPrefix(rest), stripPrefix(rest)];
  return [stripPrefix(rest.slice(0, split)), rest.slice(split + 3)];
}

function markerPath(line: string): string | undefined {
  const path = unquote(line.slice(4).replace(/\t.*$/, ""));
  return path === "/dev/null" ? undefined : stripPrefix(path);
}

function newFile(header: string): DiffFile {
  const [oldPath, path] = headerPaths(header.slice("diff --git ".length));
  return {
    path,
    oldPath,
    status: "modified",
    binary: false,
    additions: 0,
    deletions: 0,
    lines: [],
  };
}

/** Reads one header line of a file's diff (before its first hunk) into the file. */
function readHeader(file: DiffFile, line: string): void {
  if (line.startsWith("new file mode")) file.status = "added";
  else if (line.startsWith("deleted file mode")) file.status = "deleted";
  else if (line.startsWith("rename from ")) {
    file.status = "renamed";
    file.oldPath = unquote(line.slice("rename from ".length));
  } else if (line.startsWith("rename to ")) {
    file.status = "renamed";
    file.path = unquote(line.slice("rename to ".length));
  } else if (line.startsWith("Binary files ") || line === "GIT binary patch") file.binary = true;
  else if (line.startsWith("--- ")) {
    const path = markerPath(line);
    if (path !== undefined) file.oldPath = path;
  } else if (line.startsWith("+++ ")) {
    const path = markerPath(line);
    if (path !== undefined) file.path = path;
  }
}

const HUNK = /^@@ -(\d+)(?:,\d+)? \+(\d+)/;

function readHunkLine(cursor: Cursor, line: string): void {
  const { file } = cursor;
  const marker = line[0];
  if (marker === "+") {
    file.additions++;
    file.lines.push({ kind: "add", text: line.slice(1), newLine: cursor.newLine++ });
  } else if (marker === "-") {
    file.deletions++;
    file.lines.push({ kind: "del", text: line.slice(1), oldLine: cursor.oldLine++ });
  } else if (marker === "@") {
    const start = HUNK.exec(line);
    cursor.oldLine = Number(start?.[1] ?? 0);
    cursor.newLine = Number(start?.[2] ?? 0);
    file.lines.push({ kind: "hunk", text: line });
  } else if (marker === "\\") file.lines.push({ kind: "note", text: line });
  else
    file.lines.push({
      kind: "context",
      text: line.slice(1),
      oldLine: cursor.oldLine++,
      newLine: cursor.newLine++,
    });
}

/** Splits `git diff` output into its files, each with its lines classified. */
export function parseDiff(text: string): DiffFile[] {
  const files: DiffFile[] = [];
  let cursor: Cursor | undefined;
  let inHunks = false;
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  for (const line of lines) {
    if (line.startsWith("diff --git ")) {
      cursor = { file: newFile(line), oldLine: 0, newLine: 0 };
      files.push(cursor.file);
      inHunks = false;
    } else if (cursor && (inHunks || line.startsWith("@@"))) {
      inHunks = true;
      readHunkLine(cursor, line);
    } else if (cursor) readHeader(cursor.file, line);
  }
  for (const each of files) if (each.status === "deleted") each.path = each.oldPath;
  return files;
}
