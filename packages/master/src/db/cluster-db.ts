/**
 * The cluster database: a tree of JSON nodes keyed by path, held in memory and written through
 * to SQLite. Reads never touch SQL. `write` gathers a change set, commits it in one SQL
 * transaction and only then makes it visible, so a failed commit changes nothing and a change is
 * durable before the caller can acknowledge it.
 */
import type Database from 'better-sqlite3';
import { openDatabase } from './database.js';

/** The view a write transaction has: its own changes over the committed tree. */
export interface DbTransaction {
  get<T>(path: string): T | undefined;
  put(path: string, value: unknown): void;
  remove(path: string): void;
}

interface Row {
  path: string;
  value: string;
}

export class ClusterDb {
  readonly #db: Database.Database;
  readonly #nodes = new Map<string, unknown>();
  readonly #commit: (puts: ReadonlyMap<string, string>, removals: ReadonlySet<string>) => void;

  private constructor(db: Database.Database) {
    this.#db = db;
    const upsert = db.prepare('INSERT INTO nodes (path, value) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET value = excluded.value, version = version + 1');
    const remove = db.prepare('DELETE FROM nodes WHERE path = ?');
    this.#commit = db.transaction((puts: ReadonlyMap<string, string>, removals: ReadonlySet<string>) => {
      for (const [path, json] of puts) upsert.run(path, json);
      for (const path of removals) remove.run(path);
    });
    for (const row of db.prepare('SELECT path, value FROM nodes').iterate() as IterableIterator<Row>) {
      this.#nodes.set(row.path, deepFreeze(JSON.parse(row.value)));
    }
  }

  /** Opens (creating if needed) the database under `dataDir` and loads every node. */
  static open(dataDir: string): ClusterDb {
    return new ClusterDb(openDatabase(dataDir));
  }

  /** The node's value (frozen), or undefined. */
  get<T>(path: string): T | undefined {
    return this.#nodes.get(path) as T | undefined;
  }

  /** The values of the direct children of `dir`, ordered by their numeric name (ids). */
  children<T>(dir: string): T[] {
    const prefix = `${dir}/`;
    return [...this.#nodes.entries()]
      .filter(([path]) => path.startsWith(prefix) && !path.slice(prefix.length).includes('/'))
      .sort(([a], [b]) => compareNames(a.slice(prefix.length), b.slice(prefix.length)))
      .map(([, value]) => value as T);
  }

  /**
   * Runs `fn` against a transaction and commits what it changed atomically. If `fn` throws,
   * nothing is written. Returns what `fn` returns.
   */
  write<R>(fn: (tx: DbTransaction) => R): R {
    const puts = new Map<string, unknown>();
    const removals = new Set<string>();
    const tx: DbTransaction = {
      get: <T>(path: string): T | undefined => (removals.has(path) ? undefined : ((puts.has(path) ? puts.get(path) : this.#nodes.get(path)) as T | undefined)),
      put: (path, value) => {
        removals.delete(path);
        puts.set(path, value);
      },
      remove: (path) => {
        puts.delete(path);
        removals.add(path);
      },
    };
    const result = fn(tx);
    if (puts.size === 0 && removals.size === 0) return result;
    const encoded = new Map([...puts].map(([path, value]) => [path, JSON.stringify(value)] as const));
    this.#commit(encoded, removals);
    // Memory holds what SQL holds: the JSON round trip drops `undefined` members exactly as it did on disk.
    for (const [path, json] of encoded) this.#nodes.set(path, deepFreeze(JSON.parse(json)));
    for (const path of removals) this.#nodes.delete(path);
    return result;
  }

  /** The SQLite connection, for the append-only tables beside the tree (the event log). */
  get sqlite(): Database.Database {
    return this.#db;
  }

  /**
   * A consistent copy of the whole database in a new file (SQLite's `VACUUM INTO`): what someone
   * who carried the cluster away would boot from. Writes are synchronous here, so none is half done.
   */
  copyTo(file: string): void {
    this.#db.prepare('VACUUM INTO ?').run(file);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }
}

function compareNames(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isInteger(na) && Number.isInteger(nb)) return na - nb;
  return a < b ? -1 : a > b ? 1 : 0;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
