import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { ArmadaError } from "../core/errors.js";
import { MIGRATIONS } from "./migrations.js";

export type Db = Database.Database;
export type Statement = Database.Statement;

export function armadaDir(gitDir: string): string {
  return path.join(gitDir, "armada");
}

/**
 * Opens (creating if needed) the store of a repository. WAL lets `status` in another terminal
 * read while the master writes; the busy timeout lets two runs in one repository share it.
 */
export function openDb(gitDir: string): Db {
  const dir = armadaDir(gitDir);
  mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, "armada.db"), { timeout: 10_000 });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new ArmadaError(
      "store-too-new",
      `This repository's armada store was written by a newer armada (schema ${current}, this one knows ${MIGRATIONS.length}). Upgrade armada to read it.`,
    );
  }
  if (current === MIGRATIONS.length) return;
  db.transaction(() => {
    // Re-read inside the write lock: another process may have migrated meanwhile.
    const version = db.pragma("user_version", { simple: true }) as number;
    for (let v = version; v < MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v] ?? "");
    }
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
