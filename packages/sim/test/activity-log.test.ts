/** The simulation's activity record: numbered, stamped, paged with `since`, the oldest dropped past its capacity. */
import { SimulatedClock } from '@ekmsim/core';
import { ActivityLog, memberName, partyName, type ActivityInput } from '@ekmsim/sim';
import { describe, expect, it } from 'vitest';

const get = (n: number): ActivityInput => ({ kind: 'kmip', from: `node ${n}`, to: 'kms1', what: 'Get', ok: true, outcome: 'Success' });

describe('ActivityLog', () => {
  it('numbers activities from 1 and stamps them with the clock', () => {
    const clock = new SimulatedClock(1_000);
    const log = new ActivityLog(clock);
    expect(log.since(0)).toEqual({ activities: [], next: 0 });
    log.record(get(1));
    clock.advance(250);
    log.record(get(2));
    expect(log.since(0)).toEqual({
      activities: [
        { seq: 1, simMs: 1_000, ...get(1) },
        { seq: 2, simMs: 1_250, ...get(2) },
      ],
      next: 2,
    });
  });

  it('pages forward with since and next, at most a page at a time', () => {
    const log = new ActivityLog(new SimulatedClock(0));
    for (let i = 1; i <= 7; i++) log.record(get(i));
    const first = log.since(0, 3);
    expect(first.activities.map((a) => a.seq)).toEqual([1, 2, 3]);
    expect(first.next).toBe(3);
    const second = log.since(first.next, 3);
    expect(second.activities.map((a) => a.seq)).toEqual([4, 5, 6]);
    const third = log.since(second.next, 3);
    expect(third).toMatchObject({ next: 7 });
    expect(third.activities.map((a) => a.seq)).toEqual([7]);
    // Nothing new: the same since again.
    expect(log.since(7, 3)).toEqual({ activities: [], next: 7 });
  });

  it('keeps only the last `capacity`: an older since answers from the oldest kept', () => {
    const log = new ActivityLog(new SimulatedClock(0), 4);
    for (let i = 1; i <= 10; i++) log.record(get(i));
    expect(log.since(0).activities.map((a) => a.seq)).toEqual([7, 8, 9, 10]);
    expect(log.since(5).activities.map((a) => a.seq)).toEqual([7, 8, 9, 10]);
    expect(log.since(8).activities.map((a) => a.seq)).toEqual([9, 10]);
    expect(log.since(8).activities.map((a) => a.from)).toEqual(['node 9', 'node 10']);
  });

  it('a since past the last seq (a client of an earlier run) answers from the oldest kept', () => {
    const log = new ActivityLog(new SimulatedClock(0));
    log.record(get(1));
    expect(log.since(1500)).toMatchObject({ next: 1, activities: [{ seq: 1 }] });
  });
});

describe('activity names', () => {
  it('parties by the address they dial from; key servers by name and member beyond the first', () => {
    expect(partyName('127.0.0.1')).toBe('master');
    expect(partyName('127.1.0.3')).toBe('node 3');
    expect(partyName('::ffff:127.1.1.0')).toBe('node 256');
    expect(partyName('127.2.0.0')).toBe('thief master');
    expect(partyName('127.2.0.1')).toBe('thief node 1');
    expect(partyName('10.0.0.7')).toBe('address 10.0.0.7');
    expect(memberName('kms1', undefined)).toBe('kms1');
    expect(memberName('kms1', 0)).toBe('kms1');
    expect(memberName('kc', 1)).toBe('kc member 2');
  });
});
