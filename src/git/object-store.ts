import { createHash } from "node:crypto";
import { access, mkdir, open, rename } from "node:fs/promises";
import path from "node:path";
import { createDeflate } from "node:zlib";
import { runGit } from "./run-git.js";

/**
 * The object's header and content deflated as one stream, in the chunks zlib made: a large
 * tree (400 KB for a folder of 10,000 files, written twice per task) is never copied whole to
 * join it with its header or its compressed chunks with each other.
 */
function compressed(header: Buffer, content: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    // Git's own choice for loose objects (core.looseCompression): speed over size.
    const deflater = createDeflate({ level: 1 });
    const chunks: Buffer[] = [];
    deflater.on("data", (chunk: Buffer) => chunks.push(chunk));
    deflater.on("end", () => resolve(chunks));
    deflater.on("error", reject);
    deflater.write(header);
    deflater.end(content);
  });
}

export type ObjectType = "blob" | "tree" | "commit";

export interface ObjectStore {
  /** Stores an object as git would (a loose object) and returns its oid. */
  write(type: ObjectType, content: Buffer): Promise<string>;
}

interface Location {
  dir: string;
  algorithm: "sha1" | "sha256";
}

const stores = new Map<string, ObjectStore>();
let written = 0;

/**
 * The object database of the repository that git run in `cwd` (with `gitDir` as GIT_DIR, when
 * given) uses, written from this process: every git process spawned costs the master more as it
 * grows (issue 20), and a loose object is a compressed file named by its hash. Objects are
 * written to a temporary file and renamed into place, as git does, so a reader never sees half
 * of one; writing one that exists changes nothing.
 */
export function objectStore(cwd: string, gitDir?: string): ObjectStore {
  // GIT_DIR alone decides where objects go; a long-lived worker calls from many folders.
  const key = gitDir ?? cwd;
  let store = stores.get(key);
  if (!store) {
    store = openObjectStore(locate(cwd, gitDir));
    stores.set(key, store);
  }
  return store;
}

async function locate(cwd: string, gitDir: string | undefined): Promise<Location> {
  const out = await runGit(["rev-parse", "--git-path", "objects", "--show-object-format"], {
    cwd,
    ...(gitDir ? { env: { GIT_DIR: gitDir } } : {}),
  });
  const [dir = "", format = ""] = out.stdout.trim().split("\n");
  return { dir: path.resolve(cwd, dir), algorithm: format === "sha256" ? "sha256" : "sha1" };
}

function openObjectStore(location: Promise<Location>): ObjectStore {
  return {
    async write(type, content) {
      const { dir, algorithm } = await location;
      const header = Buffer.from(`${type} ${content.length}\0`);
      const oid = createHash(algorithm).update(header).update(content).digest("hex");
      const folder = path.join(dir, oid.slice(0, 2));
      const file = path.join(folder, oid.slice(2));
      const exists = await access(file).then(
        () => true,
        () => false,
      );
      if (exists) return oid;
      const data = await compressed(header, content);
      await mkdir(folder, { recursive: true });
      const temporary = path.join(folder, `tmp_obj_armada_${process.pid}_${written++}`);
      const handle = await open(temporary, "w", 0o444);
      try {
        await handle.writev(data);
      } finally {
        await handle.close();
      }
      await rename(temporary, file);
      return oid;
    },
  };
}
