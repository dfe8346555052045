/**
 * Everything a key server keeps on disk, in one durable SQLite file: its objects and its
 * administrator's state. Opening it twice at once is refused (the file is locked exclusively).
 */
import type Database from 'better-sqlite3';
import { AdminState } from './admin-state.js';
import { openDatabase } from './database.js';
import { ObjectStore } from './object-store.js';

export class KeyServerStore {
  readonly objects: ObjectStore;
  readonly admin: AdminState;
  readonly #db: Database.Database;

  private constructor(db: Database.Database) {
    this.#db = db;
    try {
      this.objects = ObjectStore.load(db);
      this.admin = AdminState.load(db);
    } catch (e) {
      db.close();
      throw e;
    }
  }

  /** Opens (creating if needed) the store under `dataDir` and loads everything in it. */
  static open(dataDir: string): KeyServerStore {
    return new KeyServerStore(openDatabase(dataDir));
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}
