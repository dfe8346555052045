/**
 * The simulation's record of its key flow (ListSimActivity): the last SIM_ACTIVITY_LIMITS.kept
 * activities in a ring buffer in memory, numbered from 1 and stamped with the simulation clock.
 * Older ones are overwritten: a dashboard that polls with `since` keeps up easily, and nothing
 * here grows without bound. A restarted simulation starts again at 1.
 */
import type { Clock } from '@ekmsim/core';
import { SIM_ACTIVITY_LIMITS, type SimActivity, type SimActivityPage } from '@ekmsim/api';

/** What a source tells; the log numbers and stamps it. */
export type ActivityInput = Omit<SimActivity, 'seq' | 'simMs'>;
export type RecordActivity = (activity: ActivityInput) => void;

export class ActivityLog {
  readonly #clock: Clock;
  readonly #capacity: number;
  readonly #ring: SimActivity[] = [];
  /** The seq of the last activity recorded (0: none yet). */
  #last = 0;

  constructor(clock: Clock, capacity: number = SIM_ACTIVITY_LIMITS.kept) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, not ${capacity}`);
    this.#clock = clock;
    this.#capacity = capacity;
  }

  /** Bound, so that sources can be handed `log.record` as is. */
  readonly record: RecordActivity = (activity) => {
    const seq = ++this.#last;
    this.#ring[(seq - 1) % this.#capacity] = { seq, simMs: this.#clock.now(), ...activity };
  };

  /**
   * Activities with seq > `since`, oldest first, at most `limit`. A `since` before the oldest
   * kept answers from the oldest kept (the rest were dropped); one past the last recorded (a
   * client of an earlier run of the simulation) answers from the oldest kept too.
   */
  since(since: number, limit: number = SIM_ACTIVITY_LIMITS.page): SimActivityPage {
    const oldest = Math.max(1, this.#last - this.#capacity + 1);
    const after = since > this.#last ? 0 : since;
    const first = Math.max(after + 1, oldest);
    const end = Math.min(this.#last, first + limit - 1);
    const activities: SimActivity[] = [];
    for (let seq = first; seq <= end; seq++) activities.push(this.#ring[(seq - 1) % this.#capacity]!);
    return { activities, next: activities.at(-1)?.seq ?? after };
  }
}
