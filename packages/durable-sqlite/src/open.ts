/**
 * A SQLite file opened the way every durable store in ekmsim opens one (the key servers' object
 * stores, the cluster database):
 * - WAL journal with `synchronous = FULL`: a transaction is on disk when its commit returns, so
 *   a `kill -9` at any instant leaves all of it or none of it;
 * - an exclusive lock taken at open: the owners cache every record in memory, so a second process
 *   on the same file would act on stale state; it is refused at once (short busy timeout);
 * - the schema version in `user_version`, each migration applied in its own transaction.
 */
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EkmsimError } from '@ekmsim/core';

export interface DurableSqliteOptions {
  readonly dir: string;
  readonly file: string;
  /** Entry i migrates the schema from version i to i+1. */
  readonly migrations: readonly string[];
  /** What the file is, for error messages ("the cluster database"). */
  readonly what: string;
}

export class DurableSqliteError extends EkmsimError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('DURABLE_SQLITE', message, options);
  }
}

export function openDurableSqlite(o: DurableSqliteOptions): Database.Database {
  let db: Database.Database;
  try {
    mkdirSync(o.dir, { recursive: true });
    db = new Database(join(o.dir, o.file), { timeout: 250 });
  } catch (e) {
    throw new DurableSqliteError(`${o.what} in ${o.dir} cannot be opened: ${String(e)}`, { cause: e });
  }
  try {
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db, o);
    // Takes the exclusive lock now rather than at the first write.
    db.exec('BEGIN IMMEDIATE; COMMIT');
    return db;
  } catch (e) {
    db.close();
    if (e instanceof DurableSqliteError) throw e;
    throw new DurableSqliteError(`${o.what} in ${o.dir} cannot be used (is another process using it?): ${String(e)}`, { cause: e });
  }
}

function migrate(db: Database.Database, o: DurableSqliteOptions): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = o.migrations.length;
  if (current > latest) throw new DurableSqliteError(`${o.what} has schema version ${current}, newer than this program's (${latest})`);
  for (let v = current; v < latest; v++) {
    db.transaction(() => {
      db.exec(o.migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
