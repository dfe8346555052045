/**
 * MasterOptions.onActivity: every peer the master asks to seal its share to a booting node is
 * told, once it answered or failed, by node IDs and words only (never the share or the box).
 */
import type { MasterActivity } from '@ekmsim/master';
import { afterEach, describe, expect, it } from 'vitest';
import { openEarCluster, waitForState, type EarCluster } from './support/ear-cluster.js';

let c: EarCluster | undefined;
afterEach(async () => {
  await c?.close();
  c = undefined;
});

describe('share requests as activity', () => {
  it('each peer asked, with how it went: a sealed share sent, or the peer\'s refusal', async () => {
    const seen: MasterActivity[] = [];
    c = await openEarCluster({ nodes: 3, onActivity: (a) => seen.push(a) });
    const { master, fake } = c;
    await master.enableEncryptionAtRest({});
    await waitForState(master, 'enabled');

    // Applying the generation, each node rebuilt the AK from its share and those its peers sealed to it.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    for (const a of seen) {
      expect(a).toEqual({ kind: 'share', forNodeID: a.forNodeID, peerNodeID: a.peerNodeID, ok: true, outcome: 'sealed share sent' });
      expect(a.peerNodeID).not.toBe(a.forNodeID);
    }
    expect(new Set(seen.map((a) => a.forNodeID))).toEqual(new Set([1, 2, 3]));

    // Node 3 has lost its records: asked for its share, it refuses, and that is what is told.
    const generation = [...fake.node(1).generations.keys()][0]!;
    fake.node(3).generations.clear();
    seen.length = 0;
    await master.nodes.call(1, 'applyGeneration', { generation });
    expect(seen).toContainEqual({ kind: 'share', forNodeID: 1, peerNodeID: 3, ok: false, outcome: `no share of generation ${generation}` });
    expect(seen).toContainEqual({ kind: 'share', forNodeID: 1, peerNodeID: 2, ok: true, outcome: 'sealed share sent' });
  });

  it('an onlooker that throws costs the relay nothing', async () => {
    c = await openEarCluster({
      nodes: 2,
      onActivity: () => {
        throw new Error('onlooker broke');
      },
    });
    await c.master.enableEncryptionAtRest({});
    await waitForState(c.master, 'enabled');
    expect(c.logger.at('NODE')).toContain('Activity onlooker failed: onlooker broke');
  });
});
