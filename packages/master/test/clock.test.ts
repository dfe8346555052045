/** The master's clock plumbing: the simulation clock's lead over real time in each join answer and in `clock` events. */
import { afterEach, describe, expect, it } from 'vitest';
import { errorName } from './support/cluster.js';
import { openEarCluster, waitUntil, type EarCluster } from './support/ear-cluster.js';

let c: EarCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('clock offset', () => {
  it('each join answer carries MasterOptions.clockOffsetMs, in whole milliseconds', async () => {
    let offset = 1234.6;
    c = await openEarCluster({ nodes: 2, clockOffsetMs: () => offset });
    expect(c.fake.nodes.map((n) => n.joinClockOffsetMs)).toEqual([1235, 1235]);
    offset = 90_000;
    const node = c.fake.node(2);
    node.disconnect();
    await node.connect(c.master);
    expect(node.joinClockOffsetMs).toBe(90_000);
  });

  it('no offset without a simulation clock', async () => {
    c = await openEarCluster({ nodes: 1 });
    expect(c.fake.node(1).joinClockOffsetMs).toBeUndefined();
  });

  it('broadcastClock tells every online node, and only those', async () => {
    c = await openEarCluster({ nodes: 3 });
    c.fake.node(3).disconnect();
    await waitUntil(() => c!.master.nodes.listNodes().filter((n) => n.online).length === 2, 'node 3 offline');
    c.master.nodes.broadcastClock(86_400_000);
    await waitUntil(() => c!.fake.node(2).clockOffsets.length === 1, 'node 2 told');
    expect(c.fake.nodes.map((n) => n.clockOffsets)).toEqual([[86_400_000], [86_400_000], []]);
    expect(await errorName(() => c!.master.nodes.broadcastClock(Number.NaN))).toBe('xInvalidParameter');
  });
});
