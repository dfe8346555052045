import { MAX_CLOCK_JUMP_MS, SimulatedClock, SimulationClock, systemClock } from '@ekmsim/core';
import { describe, expect, it } from 'vitest';

/** A simulation clock over a host clock the test moves by hand (real time, made deterministic). */
function onHost(start = 1_000_000): { host: SimulatedClock; clock: SimulationClock } {
  const host = new SimulatedClock(start);
  return { host, clock: new SimulationClock(host) };
}

describe('SimulationClock', () => {
  it('reads the host clock plus its offset', () => {
    const host = new SimulatedClock(5_000);
    const clock = new SimulationClock(host, 2_000);
    expect(clock.now()).toBe(7_000);
    host.advance(10);
    expect(clock.now()).toBe(7_010);
    expect(clock.offsetMs).toBe(2_000);
  });

  it('advance fires every timer due on the way in due order, ties in arming order, each at its own time', () => {
    const { clock } = onHost(0);
    const fired: string[] = [];
    const at = (name: string) => () => fired.push(`${name}@${clock.now()}`);
    clock.setTimeout(at('b'), 30);
    clock.setTimeout(at('a'), 10);
    clock.setTimeout(at('c'), 30);
    clock.setTimeout(at('late'), 100);
    clock.advance(50);
    expect(fired).toEqual(['a@10', 'b@30', 'c@30']);
    expect(clock.now()).toBe(50);
    expect(clock.pending).toBe(1);
  });

  it('fires timers armed by callbacks when they fall inside the jump', () => {
    const { clock } = onHost(0);
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now());
      if (seen.length < 5) clock.setTimeout(tick, 30_000);
    };
    clock.setTimeout(tick, 30_000);
    clock.advance(24 * 3600 * 1000);
    expect(seen).toEqual([30_000, 60_000, 90_000, 120_000, 150_000]);
    expect(clock.now()).toBe(24 * 3600 * 1000);
  });

  it('fires timers in real time through one host timer for the earliest due', () => {
    const { host, clock } = onHost(0);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('second'), 200);
    clock.setTimeout(() => fired.push('first'), 100);
    expect(host.pending).toBe(1);
    host.advance(99);
    expect(fired).toEqual([]);
    host.advance(1);
    expect(fired).toEqual(['first']);
    expect(host.pending).toBe(1);
    host.advance(100);
    expect(fired).toEqual(['first', 'second']);
    expect(host.pending).toBe(0);
  });

  it('re-arms its host timer when a jump or a clear changes the earliest due', () => {
    const { host, clock } = onHost(0);
    const fired: string[] = [];
    const early = clock.setTimeout(() => fired.push('early'), 50);
    clock.setTimeout(() => fired.push('later'), 5_000);
    clock.clearTimeout(early);
    host.advance(100);
    expect(fired).toEqual([]);
    clock.advance(4_000); // now 4100: 'later' is due 900 ms of real time from here
    host.advance(899);
    expect(fired).toEqual([]);
    host.advance(1);
    expect(fired).toEqual(['later']);
  });

  it('a jump after real time has passed counts from the real now', () => {
    const { host, clock } = onHost(0);
    host.advance(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    expect(clock.offsetMs).toBe(500);
  });

  it('follow() catches up with a clock ahead, never goes back', () => {
    const { clock } = onHost(0);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(clock.now()), 60_000);
    clock.follow({ offsetMs: 10_000 });
    expect(clock.offsetMs).toBe(10_000);
    clock.follow({ offsetMs: 5_000 });
    expect(clock.offsetMs).toBe(10_000);
    clock.follow({ offsetMs: 90_000 });
    expect(clock.offsetMs).toBe(90_000);
    expect(fired).toEqual([60_000]);
  });

  it('an advance from inside a callback moves the whole jump on', () => {
    const { clock } = onHost(0);
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.advance(1_000);
    }, 10);
    clock.setTimeout(() => fired.push(clock.now()), 500);
    clock.advance(20);
    expect(fired).toEqual([10, 500]);
    expect(clock.now()).toBe(1_010);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, 0.5, MAX_CLOCK_JUMP_MS + 1, 1e300])('refuses to advance by %s and changes nothing', (ms) => {
    const { clock } = onHost(0);
    let fired = false;
    clock.setTimeout(() => (fired = true), 0);
    expect(() => clock.advance(ms)).toThrow(RangeError);
    if (ms !== -1) expect(() => clock.follow({ offsetMs: ms })).toThrow(RangeError);
    if (!Number.isSafeInteger(ms) || ms < 0) expect(() => clock.follow({ offsetMs: 0, pausedAtMs: ms })).toThrow(RangeError);
    expect(clock.offsetMs).toBe(0);
    expect(fired).toBe(false);
    expect(clock.pending).toBe(1);
  });

  it('refuses a bad starting offset or pause', () => {
    expect(() => new SimulationClock(new SimulatedClock(), 0.5)).toThrow(RangeError);
    expect(() => new SimulationClock(new SimulatedClock(), -MAX_CLOCK_JUMP_MS - 1)).toThrow(RangeError);
    expect(() => new SimulationClock(new SimulatedClock(), { offsetMs: 0, pausedAtMs: -1 })).toThrow(RangeError);
  });

  describe('paused', () => {
    it('stands still and holds its timers; time runs on from there after resume', () => {
      const { host, clock } = onHost(1_000);
      const fired: number[] = [];
      clock.setTimeout(() => fired.push(clock.now()), 5_000);
      host.advance(1_000);
      clock.pause();
      expect(clock.paused).toBe(true);
      host.advance(60_000);
      expect(clock.now()).toBe(2_000);
      expect(fired).toEqual([]);
      expect(clock.reading).toEqual({ offsetMs: 0, pausedAtMs: 2_000 });
      clock.resume();
      expect(clock.paused).toBe(false);
      expect(clock.now()).toBe(2_000);
      expect(clock.offsetMs).toBe(-60_000);
      host.advance(3_999);
      expect(fired).toEqual([]);
      host.advance(1);
      expect(fired).toEqual([6_000]);
    });

    it('still jumps when told to, firing what falls due, and stays paused', () => {
      const { host, clock } = onHost(0);
      const fired: number[] = [];
      clock.setTimeout(() => fired.push(clock.now()), 10_000);
      clock.setTimeout(() => fired.push(clock.now()), 90_000);
      clock.pause();
      clock.advance(30_000);
      expect(fired).toEqual([10_000]);
      host.advance(120_000);
      expect(clock.now()).toBe(30_000);
      expect(fired).toEqual([10_000]);
      clock.resume();
      host.advance(60_000);
      expect(fired).toEqual([10_000, 90_000]);
    });

    it('a timer armed while paused waits for the resume', () => {
      const { host, clock } = onHost(0);
      clock.pause();
      let fired = false;
      clock.setTimeout(() => (fired = true), 0);
      host.advance(10_000);
      expect(fired).toBe(false);
      clock.resume();
      host.advance(0);
      expect(fired).toBe(true);
    });

    it('a follower on the same host stops, runs and jumps as the clock it follows', () => {
      const host = new SimulatedClock(0);
      const master = new SimulationClock(host, 5_000);
      master.pause();
      const node = new SimulationClock(host, master.reading);
      expect(node.paused).toBe(true);
      host.advance(10_000);
      expect(node.now()).toBe(master.now());
      master.advance(1_000);
      node.follow(master.reading);
      expect(node.now()).toBe(6_000);
      master.resume();
      node.follow(master.reading);
      expect(node.paused).toBe(false);
      host.advance(500);
      expect(node.now()).toBe(master.now());
      expect(node.now()).toBe(6_500);
    });

    it('a follower ahead of the reading stands still where it is rather than going back', () => {
      const host = new SimulatedClock(0);
      const master = new SimulationClock(host);
      const node = new SimulationClock(host, 2_000);
      node.follow({ ...master.reading, pausedAtMs: master.now() });
      expect(node.paused).toBe(true);
      expect(node.now()).toBe(2_000);
    });
  });

  it('fires a short timer on the real host clock by itself', async () => {
    const clock = new SimulationClock(systemClock(), 3_600_000);
    const armedAt = clock.now();
    const firedAt = await new Promise<number>((resolve) => clock.setTimeout(() => resolve(clock.now()), 20));
    expect(firedAt).toBeGreaterThanOrEqual(armedAt + 20);
    expect(clock.pending).toBe(0);
  });
});

describe('SimulationClock, advanced from a timer that fired in real time', () => {
  it('the jump happens and fires what falls due on the way', () => {
    const { host, clock } = onHost(0);
    const fired: number[] = [];
    clock.setTimeout(() => clock.advance(10_000), 100);
    clock.setTimeout(() => fired.push(clock.now()), 5_000);
    host.advance(100);
    expect(fired).toEqual([5_000]);
    expect(clock.now()).toBe(10_100);
  });
});
