/**
 * The page's pure parts, outside the browser: the snapshot history scrubbing reads from, the
 * timeline's compressed time axis, and how activity parties are read.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../src/protocol.js';
import { parseParty } from '../web/activity-parties.js';
import { SnapshotHistory } from '../web/history.js';
import { CompressedScale } from '../web/timeline-scale.js';

const snap = (seq: number, simMs: number): Snapshot => ({ seq, simMs }) as Snapshot;

describe('the snapshot history', () => {
  it('finds a snapshot by seq and the last one at or before a moment', () => {
    const h = new SnapshotHistory();
    h.reset([snap(1, 1_000), snap(3, 5_000), snap(7, 9_000)]);
    expect(h.bySeq(3)?.simMs).toBe(5_000);
    expect(h.bySeq(4)).toBeUndefined();
    expect(h.atOrBefore(8_999)?.seq).toBe(3);
    expect(h.atOrBefore(9_000)?.seq).toBe(7);
    expect(h.atOrBefore(0)?.seq).toBe(1);
  });

  it('starts over when seq or the clock goes backwards (a scenario loaded again)', () => {
    const h = new SnapshotHistory();
    h.reset([snap(5, 10_000)]);
    expect(h.add(snap(6, 11_000))).toBe(false);
    expect(h.add(snap(1, 500))).toBe(true);
    expect(h.items.map((s) => s.seq)).toEqual([1]);
  });
});

describe('the timeline scale', () => {
  it('keeps the order, gives seconds room beside a 30-day jump, and finds the nearest snapshot', () => {
    const day = 86_400_000;
    const times = [0, 1_000, 2_000, 30 * day];
    const scale = new CompressedScale(times, 0, 1_000);
    const xs = times.map((_, i) => scale.xAt(i));
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(xs[0]).toBe(0);
    expect(xs[3]).toBe(1_000);
    // One second between snapshots is still visible next to a month.
    expect(xs[1]! - xs[0]!).toBeGreaterThan(20);
    expect(scale.nearestIndex(xs[2]! + 1)).toBe(2);
    expect(scale.x(1_500)).toBeGreaterThan(xs[1]!);
    expect(scale.x(1_500)).toBeLessThan(xs[2]!);
  });
});

describe('activity parties', () => {
  it('reads the names the simulator writes', () => {
    const servers = ['kms1', 'kc'];
    expect(parseParty('master', servers)).toEqual({ kind: 'master' });
    expect(parseParty('node 3', servers)).toEqual({ kind: 'node', nodeID: 3 });
    expect(parseParty('thief node 1', servers)).toEqual({ kind: 'thief' });
    expect(parseParty('kms1', servers)).toEqual({ kind: 'keyServer', name: 'kms1', member: 0 });
    expect(parseParty('kc member 2', servers)).toEqual({ kind: 'keyServer', name: 'kc', member: 1 });
    expect(parseParty('kx member 2', servers)).toEqual({ kind: 'unknown' });
  });
});
