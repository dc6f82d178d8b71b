import { spawn } from "node:child_process";
import { ArmadaError } from "../core/errors.js";

export interface GitObject {
  oid: string;
  type: string;
  data: Buffer;
}

export interface ObjectReader {
  /** The object an oid or `<rev>:<path>` names, or undefined when there is none. */
  read(name: string): Promise<GitObject | undefined>;
  close(): void;
}

interface Pending {
  resolve: (object: GitObject | undefined) => void;
  reject: (error: Error) => void;
}

/**
 * One long-lived `git cat-file --batch`, so that reading the few trees a change touches costs
 * one process rather than one per tree.
 */
export function openObjectReader(cwd: string): ObjectReader {
  // As in runGit: a caller's GIT_DIR would silently read another repository.
  const env = { ...process.env };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  const child = spawn("git", ["cat-file", "--batch"], {
    cwd,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  const queue: Pending[] = [];
  let buffer = Buffer.alloc(0);
  let stderr = "";
  const fail = (error: Error): void => {
    for (const pending of queue.splice(0)) pending.reject(error);
  };
  child.on("error", (error) =>
    fail(new ArmadaError("git-missing", `Could not run git: ${error.message}`)),
  );
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.on("close", () =>
    fail(new ArmadaError("git-failed", `git cat-file stopped: ${stderr.trim() || "no output"}`)),
  );
  child.stdin.on("error", () => {});
  // A large object comes in many chunks: they are joined once it is whole, not at each chunk.
  let parts: Buffer[] = [];
  let partsLength = 0;
  let needed = 0;
  child.stdout.on("data", (chunk: Buffer) => {
    parts.push(chunk);
    partsLength += chunk.length;
    if (buffer.length + partsLength < needed) return;
    buffer = Buffer.concat([buffer, ...parts]);
    parts = [];
    partsLength = 0;
    needed = 0;
    for (;;) {
      const pending = queue[0];
      const eol = buffer.indexOf(10);
      if (!pending || eol < 0) return;
      const header = buffer.subarray(0, eol).toString("utf8");
      if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
        buffer = buffer.subarray(eol + 1);
        queue.shift();
        pending.resolve(undefined);
        continue;
      }
      const [oid = "", type = "", size = "0"] = header.split(" ");
      const end = eol + 1 + Number(size);
      if (buffer.length < end + 1) {
        needed = end + 1;
        return;
      }
      // A copy, unless the object is most of what was read: a small one must not hold the rest.
      const body = buffer.subarray(eol + 1, end);
      const data = body.length * 2 > buffer.length ? body : Buffer.from(body);
      buffer = buffer.subarray(end + 1);
      queue.shift();
      pending.resolve({ oid, type, data });
    }
  });
  return {
    read(name) {
      if (name.includes("\n")) throw new Error(`object names cannot hold a newline: ${name}`);
      return new Promise((resolve, reject) => {
        queue.push({ resolve, reject });
        child.stdin.write(`${name}\n`);
      });
    },
    close() {
      child.stdin.end();
    },
  };
}

interface SharedReader {
  reader: ObjectReader;
  users: number;
  idle?: NodeJS.Timeout;
}

const shared = new Map<string, SharedReader>();
// Long enough to carry a busy run from one attempt to the next, short enough not to hold a
// finishing command back.
const IDLE_MS = 300;

/**
 * A reader of `cwd`'s repository shared with everyone reading it at the same time: one
 * `git cat-file --batch` serves a whole busy run instead of one process per attempt. close()
 * gives it back; the process ends once nobody has used it for a moment.
 */
export function borrowObjectReader(cwd: string): ObjectReader {
  let entry = shared.get(cwd);
  if (!entry) {
    entry = { reader: openObjectReader(cwd), users: 0 };
    shared.set(cwd, entry);
  }
  const held = entry;
  clearTimeout(held.idle);
  held.users++;
  let returned = false;
  return {
    async read(name) {
      try {
        return await held.reader.read(name);
      } catch (error) {
        // A reader that failed is not lent again.
        if (shared.get(cwd) === held) shared.delete(cwd);
        throw error;
      }
    },
    close() {
      if (returned) return;
      returned = true;
      held.users--;
      if (held.users > 0) return;
      held.idle = setTimeout(() => {
        if (shared.get(cwd) === held) shared.delete(cwd);
        held.reader.close();
      }, IDLE_MS);
    },
  };
}
