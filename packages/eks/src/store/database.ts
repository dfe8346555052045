/**
 * The key server's SQLite file, one row per managed object, opened durable (WAL, synchronous
 * FULL, exclusive lock, versioned schema: see @ekmsim/durable-sqlite).
 */
import type Database from 'better-sqlite3';
import { openDurableSqlite } from '@ekmsim/durable-sqlite';

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
  return openDurableSqlite({ dir: dataDir, file: STORE_FILE, migrations: MIGRATIONS, what: 'the key server store' });
}
