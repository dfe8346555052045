import type { Clock, TimerId } from './clock.js';

interface Timer {
  readonly id: number;
  readonly due: number;
  readonly fn: () => void;
}

/**
 * The longest single jump: a century. Longer is a mistake (seconds taken for milliseconds, a
 * date for a duration) and would push certificate dates past what X.509 can hold.
 */
export const MAX_CLOCK_JUMP_MS = 100 * 365.25 * 86_400_000;

/**
 * The simulation's time: the host clock plus an offset that only grows. Timers fire in real time
 * (one host timer armed for the earliest due), and `advance(ms)` jumps ahead, firing every timer
 * due on the way in due order (ties in arming order), timers armed by those callbacks included,
 * each seeing `now()` at its own due time. A certificate, a lease or a fault interval that
 * expires in simulated time thus expires for every part of the simulation on this clock.
 *
 * Built on an injected host clock (`systemClock()` in a process, a SimulatedClock in tests), so
 * this file never touches the host's timers itself.
 */
export class SimulationClock implements Clock {
  readonly #host: Clock;
  #offset: number;
  #nextId = 1;
  #timers: Timer[] = [];
  /** The host timer armed for the earliest due, boxed (a host TimerId may be any value); `hostAt` on the host clock. */
  #armed: { readonly id: TimerId; readonly hostAt: number } | undefined;
  /** Timers are being fired: arming waits, and an advance() only moves `#goal` on. */
  #firing = false;
  /** Where the running advance() stops (as an offset). */
  #goal: number | undefined;

  constructor(host: Clock, offsetMs = 0) {
    checkJump(offsetMs, 'start a simulation clock ahead by');
    this.#host = host;
    this.#offset = offsetMs;
  }

  now(): number {
    return this.#host.now() + this.#offset;
  }

  /** How far this clock runs ahead of the host clock, in ms (never decreases). */
  get offsetMs(): number {
    return this.#offset;
  }

  /** Number of timers armed and not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  setTimeout(fn: () => void, ms: number): TimerId {
    const id = this.#nextId++;
    this.#timers.push({ id, due: this.now() + Math.max(0, Number.isFinite(ms) ? ms : 0), fn });
    this.#arm();
    return id;
  }

  clearTimeout(id: TimerId): void {
    this.#timers = this.#timers.filter((t) => t.id !== id);
    this.#arm();
  }

  /**
   * Jumps `ms` (a whole number, 0 to MAX_CLOCK_JUMP_MS) ahead. Throws a RangeError for anything
   * else, and then nothing has changed.
   */
  advance(ms: number): void {
    checkJump(ms, 'advance a clock by');
    // From inside a callback, `#offset` is that timer's due time: the jump counts from there.
    this.#run(this.#offset + ms);
  }

  /**
   * Catches up with another simulation clock's offset (a node following the master's): jumps
   * forward when `offsetMs` is ahead, does nothing when it is not (time never goes back).
   */
  follow(offsetMs: number): void {
    checkJump(offsetMs, 'follow a clock offset of');
    if (offsetMs > this.#offset) this.advance(offsetMs - this.#offset);
  }

  /**
   * Moves the offset to `goal`, firing in order every timer due on the way. Called while timers
   * are firing (an advance() from a callback), it only moves the running loop's goal on. A
   * callback that throws does not stop time: the offset still reaches the goal, and timers left
   * due fire from the host timer at once.
   */
  #run(goal: number): void {
    this.#goal = Math.max(this.#goal ?? goal, goal);
    if (this.#firing) return;
    this.#firing = true;
    try {
      for (;;) {
        const limit = this.#host.now() + Math.max(this.#offset, this.#goal);
        const next = this.#earliest();
        if (next === undefined || next.due > limit) break;
        this.#timers = this.#timers.filter((t) => t !== next);
        // The callback sees its own due time (or later, when real time already passed it).
        this.#offset = Math.max(this.#offset, next.due - this.#host.now());
        next.fn();
      }
    } finally {
      this.#offset = Math.max(this.#offset, this.#goal);
      this.#goal = undefined;
      this.#firing = false;
    }
    this.#arm();
  }

  /** Keeps exactly one host timer, for the earliest due, so timers fire in real time too. */
  #arm(): void {
    if (this.#firing) return;
    const next = this.#earliest();
    const hostAt = next === undefined ? undefined : next.due - this.#offset;
    if (this.#armed !== undefined && this.#armed.hostAt === hostAt) return;
    if (this.#armed !== undefined) this.#host.clearTimeout(this.#armed.id);
    this.#armed = undefined;
    if (hostAt === undefined) return;
    this.#armed = {
      hostAt,
      id: this.#host.setTimeout(() => {
        this.#armed = undefined;
        this.#run(this.#offset);
      }, Math.max(0, hostAt - this.#host.now())),
    };
  }

  #earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.#timers) if (best === undefined || t.due < best.due || (t.due === best.due && t.id < best.id)) best = t;
    return best;
  }
}

function checkJump(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_CLOCK_JUMP_MS) {
    throw new RangeError(`cannot ${what} ${String(ms)} ms: a whole number of milliseconds from 0 to ${MAX_CLOCK_JUMP_MS} is needed`);
  }
}
