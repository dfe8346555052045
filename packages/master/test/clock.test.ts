/** The master's clock plumbing: the simulation clock's reading (lead over real time, pause) in each join answer and in `clock` events. */
import type { ClockReading } from '@ekmsim/core';
import { afterEach, describe, expect, it } from 'vitest';
import { errorName } from './support/cluster.js';
import { openEarCluster, waitUntil, type EarCluster } from './support/ear-cluster.js';

let c: EarCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('clock reading', () => {
  it('each join answer carries MasterOptions.clockReading, in whole milliseconds, a pause included', async () => {
    let reading: ClockReading = { offsetMs: 1234.6 };
    c = await openEarCluster({ nodes: 2, clockReading: () => reading });
    expect(c.fake.nodes.map((n) => n.joinClock)).toEqual([{ offsetMs: 1235 }, { offsetMs: 1235 }]);
    reading = { offsetMs: -90_000, pausedAtMs: 1_700_000_000_000 };
    const node = c.fake.node(2);
    node.disconnect();
    await node.connect(c.master);
    expect(node.joinClock).toEqual({ offsetMs: -90_000, pausedAtMs: 1_700_000_000_000 });
  });

  it('no reading without a simulation clock', async () => {
    c = await openEarCluster({ nodes: 1 });
    expect(c.fake.node(1).joinClock).toBeUndefined();
  });

  it('broadcastClock tells every online node, and only those', async () => {
    c = await openEarCluster({ nodes: 3 });
    c.fake.node(3).disconnect();
    await waitUntil(() => c!.master.nodes.listNodes().filter((n) => n.online).length === 2, 'node 3 offline');
    c.master.nodes.broadcastClock({ offsetMs: 86_400_000 });
    c.master.nodes.broadcastClock({ offsetMs: 86_400_000, pausedAtMs: 1_700_086_400_000 });
    await waitUntil(() => c!.fake.node(2).clockReadings.length === 2, 'node 2 told');
    const told = [{ offsetMs: 86_400_000 }, { offsetMs: 86_400_000, pausedAtMs: 1_700_086_400_000 }];
    expect(c.fake.nodes.map((n) => n.clockReadings)).toEqual([told, told, []]);
    expect(await errorName(() => c!.master.nodes.broadcastClock({ offsetMs: Number.NaN }))).toBe('xInvalidParameter');
    expect(await errorName(() => c!.master.nodes.broadcastClock({ offsetMs: 0, pausedAtMs: -1 }))).toBe('xInvalidParameter');
  });
});
