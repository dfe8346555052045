/**
 * The key server's SQLite file: WAL journal, `synchronous = FULL` (a commit is on disk when it
 * returns), schema versioned through `user_version`. One row per managed object. The file is
 * locked exclusively while open: the server caches every record in memory, so a second server
 * on the same data directory would serve stale data; it is refused instead.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { KeyServerError } from '../errors.js';

export const STORE_FILE = 'eks-objects.sqlite';

/** Each entry migrates from schema version i to i+1. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE objects (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     uid TEXT NOT NULL UNIQUE,
     owner TEXT NOT NULL,
     object_type INTEGER NOT NULL,
     state INTEGER,
     object BLOB,
     attributes BLOB NOT NULL
   );
   CREATE INDEX objects_owner ON objects (owner);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openDatabase(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  // A short busy timeout: a store held by another live server is refused at once, not after 5 s.
  const db = new Database(join(dataDir, STORE_FILE), { timeout: 250 });
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db);
    // Takes the exclusive lock now rather than at the first write.
    db.exec('BEGIN IMMEDIATE; COMMIT');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) throw new KeyServerError('STORE', `store schema version ${current} is newer than this server's (${SCHEMA_VERSION})`);
  for (let v = current; v < SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
