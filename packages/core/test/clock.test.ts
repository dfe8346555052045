import { SimulatedClock } from '@ekmsim/core';
import { describe, expect, it } from 'vitest';

describe('SimulatedClock', () => {
  it('fires due timers in due order, ties in arming order, and only those due', () => {
    const clock = new SimulatedClock(1_000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@30'), 30);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@30'), 30);
    clock.setTimeout(() => fired.push('late'), 100);
    clock.advance(50);
    expect(fired).toEqual(['a@10', 'b@30', 'c@30']);
    expect(clock.now()).toBe(1_050);
    expect(clock.pending).toBe(1);
  });

  it('fires timers armed by callbacks when they fall inside the jump, at their own time', () => {
    const clock = new SimulatedClock(0);
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now());
      if (seen.length < 5) clock.setTimeout(tick, 30_000);
    };
    clock.setTimeout(tick, 30_000);
    clock.advance(24 * 3600 * 1000);
    expect(seen).toEqual([30_000, 60_000, 90_000, 120_000, 150_000]);
  });

  it('cleared timers do not fire', () => {
    const clock = new SimulatedClock();
    let fired = false;
    const id = clock.setTimeout(() => (fired = true), 5);
    clock.clearTimeout(id);
    clock.advance(10);
    expect(fired).toBe(false);
  });

  it('refuses to go backwards', () => {
    expect(() => new SimulatedClock().advance(-1)).toThrow(RangeError);
  });
});
