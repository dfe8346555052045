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
 * How a simulation clock stands, as the master tells its nodes (all on one host clock): its
 * lead over the host clock and, while it is paused, the time it stands still at.
 */
export interface ClockReading {
  /** Simulation time minus host time in ms: grows with each jump, shrinks by each pause's length. */
  readonly offsetMs: number;
  /** Present while paused: the simulation time the clock stands still at. */
  readonly pausedAtMs?: number | undefined;
}

/** The reading `reading` becomes after a jump of `ms`. */
export function readingAhead(reading: ClockReading, ms: number): ClockReading {
  return reading.pausedAtMs === undefined ? { offsetMs: reading.offsetMs + ms } : { offsetMs: reading.offsetMs + ms, pausedAtMs: reading.pausedAtMs + ms };
}

/**
 * The simulation's time: the host clock plus an offset, and a clock that can stand still.
 * Timers fire in real time (one host timer armed for the earliest due), and `advance(ms)` jumps
 * ahead, firing every timer due on the way in due order (ties in arming order), timers armed by
 * those callbacks included, each seeing `now()` at its own due time. A certificate, a lease or a
 * fault interval that expires in simulated time thus expires for every part of the simulation on
 * this clock. `pause()` stops it: `now()` stands still and no timer fires until `resume()`, but
 * `advance()` still jumps (and fires what falls due). Time never goes back.
 *
 * Built on an injected host clock (`systemClock()` in a process, a SimulatedClock in tests), so
 * this file never touches the host's timers itself.
 */
export class SimulationClock implements Clock {
  readonly #host: Clock;
  #offset: number;
  /** While paused: the host time the pause began (the clock reads as the host did then, plus the offset). */
  #pausedHostAt: number | undefined;
  #nextId = 1;
  #timers: Timer[] = [];
  /** The host timer armed for the earliest due, boxed (a host TimerId may be any value); `hostAt` on the host clock. */
  #armed: { readonly id: TimerId; readonly hostAt: number } | undefined;
  /** Timers are being fired: arming waits, and an advance() only moves `#goal` on. */
  #firing = false;
  /** Where the running advance() stops (as an offset). */
  #goal: number | undefined;

  /** Starts at `start`: a lead in ms over the host clock, or another clock's reading (a node's start, following the master). */
  constructor(host: Clock, start: number | ClockReading = 0) {
    const reading = typeof start === 'number' ? { offsetMs: start } : start;
    checkReading(reading, 'start a simulation clock at');
    this.#host = host;
    this.#offset = reading.offsetMs;
    if (reading.pausedAtMs !== undefined) this.#pausedHostAt = reading.pausedAtMs - reading.offsetMs;
  }

  now(): number {
    return this.#hostNow() + this.#offset;
  }

  /** How far this clock runs ahead of the host clock, in ms (grows with jumps, shrinks by pauses; may be negative). */
  get offsetMs(): number {
    return this.#offset;
  }

  get paused(): boolean {
    return this.#pausedHostAt !== undefined;
  }

  /** What a follower needs to keep the same time (see `follow`). */
  get reading(): ClockReading {
    return this.#pausedHostAt === undefined ? { offsetMs: this.#offset } : { offsetMs: this.#offset, pausedAtMs: this.now() };
  }

  /** Stops time: `now()` stands still and timers wait (an `advance()` still jumps). No-op when paused. */
  pause(): void {
    if (this.#pausedHostAt !== undefined) return;
    this.#pausedHostAt = this.#host.now();
    this.#arm();
  }

  /** Time runs on from where it stood: the lead over the host clock shrinks by the pause's length. */
  resume(): void {
    const since = this.#pausedHostAt;
    if (since === undefined) return;
    this.#pausedHostAt = undefined;
    this.#offset -= Math.max(0, this.#host.now() - since);
    this.#arm();
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
   * Keeps up with another simulation clock on the same host clock (a node following the
   * master's): stops or runs as it does, and jumps forward (firing due timers) when it is ahead.
   * When this clock is ahead (the reading took a moment to arrive) it waits for nobody: time
   * never goes back, so a node may stay that moment ahead.
   */
  follow(reading: ClockReading): void {
    checkReading(reading, 'follow a clock at');
    if (reading.pausedAtMs === undefined) this.resume();
    const target = reading.pausedAtMs ?? this.#host.now() + reading.offsetMs;
    const behind = target - this.now();
    if (behind > 0) this.advance(Math.min(behind, MAX_CLOCK_JUMP_MS));
    if (reading.pausedAtMs !== undefined) this.pause();
  }

  /** The host's time as this clock counts it: standing still while paused. */
  #hostNow(): number {
    return this.#pausedHostAt ?? this.#host.now();
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
        const limit = this.#hostNow() + Math.max(this.#offset, this.#goal);
        const next = this.#earliest();
        if (next === undefined || next.due > limit) break;
        this.#timers = this.#timers.filter((t) => t !== next);
        // The callback sees its own due time (or later, when real time already passed it).
        this.#offset = Math.max(this.#offset, next.due - this.#hostNow());
        next.fn();
      }
    } finally {
      this.#offset = Math.max(this.#offset, this.#goal);
      this.#goal = undefined;
      this.#firing = false;
    }
    this.#arm();
  }

  /** Keeps exactly one host timer, for the earliest due, so timers fire in real time too; none while paused. */
  #arm(): void {
    if (this.#firing) return;
    const next = this.#pausedHostAt === undefined ? this.#earliest() : undefined;
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

function checkReading(r: ClockReading, what: string): void {
  const { offsetMs, pausedAtMs } = r;
  if (!Number.isSafeInteger(offsetMs) || Math.abs(offsetMs) > MAX_CLOCK_JUMP_MS) {
    throw new RangeError(`cannot ${what} an offset of ${String(offsetMs)} ms: a whole number of milliseconds within ±${MAX_CLOCK_JUMP_MS} is needed`);
  }
  if (pausedAtMs !== undefined && (!Number.isSafeInteger(pausedAtMs) || pausedAtMs < 0)) {
    throw new RangeError(`cannot ${what} a pause at ${String(pausedAtMs)} ms: a whole, non-negative number of milliseconds is needed`);
  }
}

function checkJump(ms: number, what: string): void {
  if (!Number.isSafeInteger(ms) || ms < 0 || ms > MAX_CLOCK_JUMP_MS) {
    throw new RangeError(`cannot ${what} ${String(ms)} ms: a whole number of milliseconds from 0 to ${MAX_CLOCK_JUMP_MS} is needed`);
  }
}
