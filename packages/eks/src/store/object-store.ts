/**
 * The durable object store: SQLite on disk, every record also held in memory so reads (the Get
 * path) never touch SQL. Writes go through `apply`, which commits one SQL transaction and only
 * then updates memory; a failed commit changes nothing. The caller writes its response after
 * `apply` returns, so an acknowledged change survives a kill -9.
 */
import type Database from 'better-sqlite3';
import { stateOf, type StoredObject } from '../model/managed-object.js';
import { decodeAttributes, decodeObject, encodeAttributes, encodeObject } from './serialize.js';

interface Row {
  uid: string;
  owner: string;
  object_type: number;
  object: Buffer | null;
  attributes: Buffer;
}

export class ObjectStore {
  readonly #db: Database.Database;
  readonly #byUid = new Map<string, StoredObject>();
  /** Per owner, in creation order (a Map keeps insertion order across updates). */
  readonly #byOwner = new Map<string, Map<string, StoredObject>>();
  readonly #upsert: Database.Statement;
  readonly #delete: Database.Statement;
  readonly #write: (puts: readonly StoredObject[], removals: readonly string[]) => void;

  private constructor(db: Database.Database) {
    this.#db = db;
    this.#upsert = db.prepare(
      `INSERT INTO objects (uid, owner, object_type, state, object, attributes) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (uid) DO UPDATE SET state = excluded.state, object = excluded.object, attributes = excluded.attributes`,
    );
    this.#delete = db.prepare('DELETE FROM objects WHERE uid = ?');
    this.#write = db.transaction((puts: readonly StoredObject[], removals: readonly string[]) => {
      for (const o of puts) this.#upsert.run(o.uid, o.owner, o.objectType, stateOf(o) ?? null, encodeObject(o.object), encodeAttributes(o.attributes));
      for (const uid of removals) this.#delete.run(uid);
    });
    for (const row of db.prepare('SELECT uid, owner, object_type, object, attributes FROM objects ORDER BY seq').iterate() as IterableIterator<Row>) {
      this.#remember({
        uid: row.uid,
        owner: row.owner,
        objectType: row.object_type,
        object: decodeObject(row.object === null ? null : new Uint8Array(row.object)),
        attributes: decodeAttributes(new Uint8Array(row.attributes)),
      });
    }
  }

  /** Loads every record of an open key server database (which the caller closes). */
  static load(db: Database.Database): ObjectStore {
    return new ObjectStore(db);
  }

  get size(): number {
    return this.#byUid.size;
  }

  get(uid: string): StoredObject | undefined {
    return this.#byUid.get(uid);
  }

  /** Every object, oldest first. */
  all(): Iterable<StoredObject> {
    return this.#byUid.values();
  }

  /** The objects `owner` made, oldest first. */
  ownedBy(owner: string): Iterable<StoredObject> {
    return this.#byOwner.get(owner)?.values() ?? [];
  }

  /** Commits the records and removals in one transaction, then makes them visible. */
  apply(puts: readonly StoredObject[], removals: readonly string[] = []): void {
    if (puts.length === 0 && removals.length === 0) return;
    this.#write(puts, removals);
    for (const o of puts) this.#remember(o);
    for (const uid of removals) this.#forget(uid);
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #remember(o: StoredObject): void {
    this.#byUid.set(o.uid, o);
    let owned = this.#byOwner.get(o.owner);
    if (owned === undefined) this.#byOwner.set(o.owner, (owned = new Map<string, StoredObject>()));
    owned.set(o.uid, o);
  }

  #forget(uid: string): void {
    const o = this.#byUid.get(uid);
    if (o === undefined) return;
    this.#byUid.delete(uid);
    this.#byOwner.get(o.owner)?.delete(uid);
  }
}
