/**
 * What crosses the master–node wire during internal enable: shares only sealed (the master relays
 * gatherShares answers it cannot open), never the AK or a share in the clear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEarCluster, waitForState, type EarCluster } from './support/ear-cluster.js';

let c: EarCluster;
beforeAll(async () => {
  c = await openEarCluster({ nodes: 4 });
  await c.master.enableEncryptionAtRest({});
  await waitForState(c.master, 'enabled');
});
afterAll(() => c.close());

describe('the wire during internal enable', () => {
  it('carries no AK and no share in the clear, in either direction', () => {
    const secrets = c.fake.nodes.flatMap((n) => n.secretsSeen);
    // An AK (hex and base64) and every share made, each at least 32 hex digits.
    expect(secrets.length).toBeGreaterThanOrEqual(2 + 4);
    expect(secrets.every((s) => s.length >= 32)).toBe(true);
    const texts = c.fake.wire.map((w) => w.text);
    expect(texts.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(texts.filter((t) => t.includes(secret))).toEqual([]);
  });

  it('relays gatherShares answers as sealed boxes addressed to the asking node only', () => {
    type Envelope = { t: string; id: number; m?: string; p?: unknown; r?: { shares?: { to: string; purpose: string; ciphertext: string }[] } };
    const relayed = c.fake.wire.filter((w) => w.direction === 'in').map((w) => ({ w, e: JSON.parse(w.text) as Envelope })).filter(({ e }) => e.t === 'req' && e.m === 'gatherShares');
    expect(relayed.length).toBe(4);
    for (const { w, e } of relayed) {
      const answer = c.fake.wire.map((x) => ({ x, a: JSON.parse(x.text) as Envelope })).find(({ x, a }) => x.nodeID === w.nodeID && x.direction === 'out' && a.t === 'res' && a.id === e.id);
      const shares = answer?.a.r?.shares ?? [];
      // Every other node (3) sealed its share to the asker.
      expect(shares).toHaveLength(3);
      for (const s of shares) {
        expect(Object.keys(s).sort()).toEqual(['ciphertext', 'ephemeralPublicKey', 'nonce', 'purpose', 'to']);
        expect(s.to).toBe(`node-${w.nodeID}`);
        expect(s.purpose).toMatch(/^share\/\d+$/);
      }
    }
  });
});
