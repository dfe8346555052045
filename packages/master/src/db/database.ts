/**
 * The cluster database's SQLite file, opened the way the key server opens its store (see
 * packages/eks/src/store/database.ts): WAL journal with `synchronous = FULL`, so a transaction is
 * on disk when its commit returns and a `kill -9` at any instant leaves either all of it or none;
 * an exclusive lock, because the master caches every node in memory and a second master on the
 * same directory would act on stale state; the schema version in `user_version`.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EkmsimError } from '@ekmsim/core';

export const CLUSTER_DB_FILE = 'cluster-db.sqlite';

/** Opening or migrating the cluster database failed (file locked, corrupt, newer schema). */
export class ClusterDbError extends EkmsimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('CLUSTER_DB', message, options);
  }
}

/**
 * Each entry migrates from schema version i to i+1. One table of nodes keyed by path, modelled on
 * Element's ZooKeeper tree: the value is JSON, `version` counts its writes (ZooKeeper's dataVersion).
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE nodes (
     path TEXT PRIMARY KEY NOT NULL,
     value TEXT NOT NULL CHECK (json_valid(value)),
     version INTEGER NOT NULL DEFAULT 0
   ) WITHOUT ROWID;`,
];

export const CLUSTER_DB_SCHEMA_VERSION = MIGRATIONS.length;

export function openDatabase(dataDir: string): Database.Database {
  let db: Database.Database;
  try {
    mkdirSync(dataDir, { recursive: true });
    // A short busy timeout: a database held by another live master is refused at once.
    db = new Database(join(dataDir, CLUSTER_DB_FILE), { timeout: 250 });
  } catch (e) {
    throw new ClusterDbError(`the cluster database in ${dataDir} cannot be opened: ${String(e)}`, { cause: e });
  }
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
    if (e instanceof ClusterDbError) throw e;
    throw new ClusterDbError(`the cluster database in ${dataDir} cannot be used (is another master running on it?): ${String(e)}`, { cause: e });
  }
}

function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > CLUSTER_DB_SCHEMA_VERSION) {
    throw new ClusterDbError(`cluster database schema version ${current} is newer than this master's (${CLUSTER_DB_SCHEMA_VERSION})`);
  }
  for (let v = current; v < CLUSTER_DB_SCHEMA_VERSION; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
