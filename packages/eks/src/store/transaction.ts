/**
 * The changes one batch item makes. Reads see the item's own writes first; nothing reaches the
 * store until `commit`, so a failed item leaves no trace.
 */
import type { StoredObject } from '../model/managed-object.js';
import type { ObjectStore } from './object-store.js';

export class ObjectTransaction {
  readonly #store: ObjectStore;
  readonly #puts = new Map<string, StoredObject>();
  readonly #removals = new Set<string>();

  constructor(store: ObjectStore) {
    this.#store = store;
  }

  get(uid: string): StoredObject | undefined {
    if (this.#removals.has(uid)) return undefined;
    return this.#puts.get(uid) ?? this.#store.get(uid);
  }

  /** Whether `uid` is taken, here or in the store. */
  has(uid: string): boolean {
    return this.#puts.has(uid) || this.#store.get(uid) !== undefined;
  }

  ownedBy(owner: string): Iterable<StoredObject> {
    return this.#store.ownedBy(owner);
  }

  put(obj: StoredObject): void {
    this.#removals.delete(obj.uid);
    this.#puts.set(obj.uid, obj);
  }

  remove(uid: string): void {
    this.#puts.delete(uid);
    this.#removals.add(uid);
  }

  commit(): void {
    this.#store.apply([...this.#puts.values()], [...this.#removals]);
    this.#puts.clear();
    this.#removals.clear();
  }
}
