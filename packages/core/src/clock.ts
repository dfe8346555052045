/**
 * Time as domain code sees it. Nothing below the CLI reads the wall clock or arms a timer
 * directly: it receives a Clock, so a test or the simulation can jump time and replay a run.
 * The timer half matches XState's `Clock`, so machines take the same object.
 */
export type TimerId = unknown;

export interface Clock {
  /** Milliseconds since the POSIX epoch, in this clock's time. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerId;
  clearTimeout(id: TimerId): void;
}

interface TimerHost {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/**
 * The host's wall clock and timers. This is the one place in the code base that reads them;
 * processes build it at their entry point and pass it down.
 */
export function systemClock(): Clock {
  const host = globalThis as unknown as TimerHost;
  return {
    now: () => Date.now(),
    setTimeout: (fn, ms) => host.setTimeout(fn, ms),
    clearTimeout: (id) => host.clearTimeout(id),
  };
}
