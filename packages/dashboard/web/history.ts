/**
 * The snapshots the page has seen, oldest first: the timeline draws them and scrubbing shows
 * one of them. A snapshot whose clock or seq goes backwards belongs to a new simulation (a
 * guided scenario loaded again), so the history starts over there.
 */
import type { Snapshot } from '../src/protocol.js';

/** About the server's own history (2,000) plus a hello's worth of slack. */
const MAX_SNAPSHOTS = 2_500;

export class SnapshotHistory {
  #items: Snapshot[] = [];

  get items(): readonly Snapshot[] {
    return this.#items;
  }

  get latest(): Snapshot | undefined {
    return this.#items.at(-1);
  }

  reset(snapshots: readonly Snapshot[]): void {
    this.#items = [...snapshots];
  }

  /** True when the snapshot started a new history. */
  add(snapshot: Snapshot): boolean {
    const last = this.latest;
    const restart = last !== undefined && (snapshot.seq <= last.seq || snapshot.simMs < last.simMs);
    if (restart) this.#items = [];
    this.#items.push(snapshot);
    if (this.#items.length > MAX_SNAPSHOTS) this.#items.splice(0, this.#items.length - MAX_SNAPSHOTS);
    return restart;
  }

  indexOfSeq(seq: number): number {
    const i = lowerBound(this.#items, (s) => s.seq < seq);
    return this.#items[i]?.seq === seq ? i : -1;
  }

  bySeq(seq: number): Snapshot | undefined {
    return this.#items[this.indexOfSeq(seq)];
  }

  /** The last snapshot taken at or before `simMs` (the first one if all are later). */
  atOrBefore(simMs: number): Snapshot | undefined {
    const i = lowerBound(this.#items, (s) => s.simMs <= simMs);
    return this.#items[Math.max(0, i - 1)];
  }
}

/** The first index where `before` turns false (the items are ordered so it does once). */
export function lowerBound<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(items[mid] as T)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
