/**
 * Runs an attempt until it reports done: after a failure again after a backoff that doubles from
 * `initialMs` to `maxMs` on the Clock, or at once when kicked (a peer came online). A kick while
 * an attempt runs makes the next one start as soon as it ends.
 */
import type { Clock, TimerId } from '@ekmsim/core';

export interface Backoff {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { initialMs: 1000, maxMs: 30_000 };

export class RetryLoop {
  /** Boxed: a TimerId may be any value, undefined included. */
  #timer: { readonly id: TimerId } | undefined;
  #running = false;
  #kicked = false;
  #failures = 0;
  #stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly backoff: Backoff,
    /** Resolves true when there is nothing left to retry. */
    private readonly attempt: () => Promise<boolean>,
  ) {
    if (!(backoff.initialMs > 0 && backoff.maxMs >= backoff.initialMs)) throw new RangeError('backoff: 0 < initialMs ≤ maxMs');
  }

  /** Attempt now (or right after the running attempt). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#kicked = true;
      return;
    }
    this.#cancelTimer();
    void this.#run();
  }

  /** Schedules an attempt after the current backoff, unless one is running or already scheduled. */
  retryLater(): void {
    if (this.#stopped || this.#running || this.#timer !== undefined) return;
    this.#schedule();
  }

  stop(): void {
    this.#stopped = true;
    this.#cancelTimer();
  }

  async #run(): Promise<void> {
    this.#running = true;
    this.#kicked = false;
    let done = false;
    try {
      done = await this.attempt();
    } catch {
      done = false; // the attempt reports its own failures; a throw is one more
    }
    this.#running = false;
    if (this.#stopped) return;
    if (done) {
      this.#failures = 0;
      if (this.#kicked) this.kick();
      return;
    }
    this.#failures++;
    if (this.#kicked) this.kick();
    else this.#schedule();
  }

  #schedule(): void {
    const delay = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** Math.max(0, this.#failures - 1));
    this.#timer = {
      id: this.clock.setTimeout(() => {
        this.#timer = undefined;
        void this.#run();
      }, delay),
    };
  }

  #cancelTimer(): void {
    if (this.#timer === undefined) return;
    this.clock.clearTimeout(this.#timer.id);
    this.#timer = undefined;
  }
}
