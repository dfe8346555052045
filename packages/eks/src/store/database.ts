/**
 * The key server's SQLite file, opened durable (WAL, synchronous FULL, exclusive lock, versioned
 * schema: see @ekmsim/durable-sqlite): one row per managed object (schema 1), and the
 * administrator's settings, client certificates and revocations (schema 2, admin-state.ts).
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
  `CREATE TABLE admin_settings (
     name TEXT PRIMARY KEY,
     value TEXT NOT NULL
   );
   CREATE TABLE client_certificates (
     fingerprint TEXT PRIMARY KEY,
     common_name TEXT NOT NULL,
     der BLOB NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending', 'trusted', 'imported')),
     host TEXT,
     since INTEGER NOT NULL
   );
   CREATE TABLE revocations (
     selector TEXT NOT NULL CHECK (selector IN ('fingerprint', 'commonName')),
     value TEXT NOT NULL,
     revoked_at INTEGER NOT NULL,
     PRIMARY KEY (selector, value)
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function openDatabase(dataDir: string): Database.Database {
  return openDurableSqlite({ dir: dataDir, file: STORE_FILE, migrations: MIGRATIONS, what: 'the key server store' });
}
