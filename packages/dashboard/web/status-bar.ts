/**
 * The header's reading: the cluster, its encryption-at-rest state and key mode, and the
 * simulation clock in big type. Snapshots come when something changed (the clock counts once a
 * minute), so between them the clock runs on at the playback's rate: real time times the
 * speed, or standing still while paused. `data-sim-ms` keeps the snapshot's own time for the tests.
 */
import type { Snapshot } from '../src/protocol.js';
import { part } from './dom.js';
import { longDate, timeOfDay } from './format.js';

/** Never run on past the next expected snapshot by much (a minute of real time). */
const MAX_RUN_ON_MS = 65_000;

const KEY_MODE_WORDS: Readonly<Record<Snapshot['cluster']['keyMode'], string>> = {
  external: 'external keys (KMIP)',
  internal: 'internal keys',
  none: 'no keys',
};

export class StatusBar {
  readonly #name = part('cluster-name');
  readonly #ear = part('ear-state');
  readonly #keyMode = part('key-mode');
  readonly #clock = part('sim-clock');
  readonly #time = part('sim-clock-time');
  readonly #date = part('sim-clock-date');
  readonly #playback = part('playback-state');

  update(snapshot: Snapshot | undefined, live: boolean, receivedAt: number): void {
    if (snapshot === undefined) return;
    this.#name.textContent = snapshot.cluster.name === '' ? 'cluster' : snapshot.cluster.name;
    this.#ear.textContent = `EAR ${snapshot.cluster.ear}`;
    this.#ear.dataset.state = snapshot.cluster.ear;
    this.#keyMode.textContent = KEY_MODE_WORDS[snapshot.cluster.keyMode] + (snapshot.cluster.keyProviderID === null ? '' : ` · provider ${snapshot.cluster.keyProviderID}`);
    this.#keyMode.dataset.mode = snapshot.cluster.keyMode;
    this.#clock.dataset.simMs = String(snapshot.simMs);
    this.#clock.classList.toggle('past', !live);
    this.#playback.textContent = !live ? 'past' : snapshot.paused ? 'paused' : `${snapshot.speed}×`;
    this.#playback.dataset.state = !live ? 'past' : snapshot.paused ? 'paused' : 'running';
    this.tick(snapshot, live, receivedAt);
  }

  /** Shows the clock now: the snapshot's time, run on while following the present. */
  tick(snapshot: Snapshot | undefined, live: boolean, receivedAt: number): void {
    if (snapshot === undefined) return;
    const rate = snapshot.paused ? 0 : snapshot.speed;
    const ms = live ? snapshot.simMs + Math.min(performance.now() - receivedAt, MAX_RUN_ON_MS) * rate : snapshot.simMs;
    this.#time.textContent = timeOfDay(ms);
    this.#date.textContent = `${longDate(ms)} UTC`;
  }
}
