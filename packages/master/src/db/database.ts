/**
 * The cluster database's SQLite file, opened durable (WAL with synchronous FULL, so a `kill -9`
 * at any instant leaves a transaction all there or not at all; an exclusive lock, because the
 * master caches every node in memory; versioned schema: see @ekmsim/durable-sqlite).
 */
import type Database from 'better-sqlite3';
import { EkmsimError } from '@ekmsim/core';
import { openDurableSqlite } from '@ekmsim/durable-sqlite';

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
 * Version 2 adds the event log beside the tree: append-only and read by range, so it is queried
 * in SQL rather than held in memory with the tree.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE nodes (
     path TEXT PRIMARY KEY NOT NULL,
     value TEXT NOT NULL CHECK (json_valid(value)),
     version INTEGER NOT NULL DEFAULT 0
   ) WITHOUT ROWID;`,
  `CREATE TABLE events (
     eventID INTEGER PRIMARY KEY AUTOINCREMENT,
     eventInfoType TEXT NOT NULL,
     message TEXT NOT NULL,
     details TEXT CHECK (details IS NULL OR json_valid(details)),
     nodeID INTEGER NOT NULL,
     serviceID INTEGER NOT NULL,
     driveIDs TEXT NOT NULL CHECK (json_valid(driveIDs)),
     reportMs INTEGER NOT NULL,
     publishMs INTEGER NOT NULL
   );`,
];

export const CLUSTER_DB_SCHEMA_VERSION = MIGRATIONS.length;

export function openDatabase(dataDir: string): Database.Database {
  try {
    return openDurableSqlite({ dir: dataDir, file: CLUSTER_DB_FILE, migrations: MIGRATIONS, what: 'the cluster database' });
  } catch (e) {
    throw new ClusterDbError(e instanceof Error ? e.message : String(e), { cause: e });
  }
}
