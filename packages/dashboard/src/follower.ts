/**
 * Follows a simulation: looks at it every POLL_MS of real time and reports each snapshot that
 * differs from the last one, and the key traffic since the last look. The page is told within
 * a look and a reading of any change (a quarter second plus the reading, well under a second).
 */
import type { Clock } from '@ekmsim/core';
import type { Apis } from '@ekmsim/scenario';
import type { ActivityView, Snapshot } from './protocol.js';
import { SnapshotReader } from './snapshot.js';

export const POLL_MS = 250;
/** Snapshots kept for the timeline (only changed ones are kept, so this is hours of a demo). */
const MAX_HISTORY = 2_000;
const MAX_ACTIVITY = 500;
const MINUTE_MS = 60_000;

export interface FollowerEvents {
  snapshot(snapshot: Snapshot): void;
  activity(items: readonly ActivityView[]): void;
  /** A look failed (the simulation is stopping or restarting): said once per run of failures. */
  problem(message: string): void;
}

export interface Playback {
  readonly speed: number;
  readonly paused: boolean;
}

export class Follower {
  readonly history: Snapshot[] = [];
  readonly activity: ActivityView[] = [];
  readonly #reader: SnapshotReader;
  #activitySince = 0;
  #timer: unknown;
  #stopped = false;
  #failing = false;
  #lastKey = '';
  #looking: Promise<void> | undefined;

  constructor(
    private readonly apis: Apis,
    private readonly clock: Clock,
    private readonly playback: () => Playback,
    private readonly events: FollowerEvents,
  ) {
    this.#reader = new SnapshotReader(apis);
  }

  start(): void {
    this.#schedule(0);
  }

  /** A look now (after an action), not at the next tick; resolves when it is done. */
  lookNow(): Promise<void> {
    this.#looking ??= this.#look().finally(() => (this.#looking = undefined));
    return this.#looking;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer !== undefined) this.clock.clearTimeout(this.#timer);
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.lookNow().finally(() => this.#schedule(POLL_MS));
    }, ms);
  }

  async #look(): Promise<void> {
    try {
      const [snapshot, activity] = await Promise.all([this.#reader.read(this.playback()), this.#readActivity()]);
      if (this.#stopped) return;
      this.#failing = false;
      if (activity.length > 0) {
        this.activity.push(...activity);
        this.activity.splice(0, Math.max(0, this.activity.length - MAX_ACTIVITY));
        this.events.activity(activity);
      }
      // An unchanged snapshot is not news; the clock counts as changed once a minute (and at
      // every jump), not at every look.
      const key = JSON.stringify({ ...snapshot, seq: 0, simMs: Math.floor(snapshot.simMs / MINUTE_MS), simTime: '' });
      if (key === this.#lastKey) return;
      this.#lastKey = key;
      this.history.push(snapshot);
      this.history.splice(0, Math.max(0, this.history.length - MAX_HISTORY));
      this.events.snapshot(snapshot);
    } catch (e) {
      if (this.#stopped || this.#failing) return;
      this.#failing = true;
      this.events.problem(`cannot read the simulation: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  async #readActivity(): Promise<ActivityView[]> {
    const { activities, next } = (await this.apis.control('ListSimActivity', { since: this.#activitySince })) as { activities: ActivityView[]; next: number };
    this.#activitySince = next;
    return activities;
  }
}
