import { seededRng } from '@ekmsim/core';
import { encodeKeyCheck, encodeShare, splitAuthenticationKey, type Split } from '@ekmsim/shamir';
import secrets from 'secrets.js-grempe';
import { describe, expect, it } from 'vitest';
import { countingRng, testAk } from './support.js';

const wire = (s: Split) => ({ shares: s.shares.map(encodeShare), check: encodeKeyCheck(s.check) });

describe('randomness comes from the injected Rng only', () => {
  it('a seed reproduces shares and check exactly; another seed differs everywhere', () => {
    const ak = testAk(1);
    const a = wire(splitAuthenticationKey(ak, { shares: 5, threshold: 3, rng: seededRng(42) }));
    const again = wire(splitAuthenticationKey(ak, { shares: 5, threshold: 3, rng: seededRng(42) }));
    const other = wire(splitAuthenticationKey(ak, { shares: 5, threshold: 3, rng: seededRng(43) }));
    expect(again).toEqual(a);
    expect(other.check.splitId).not.toBe(a.check.splitId);
    expect(other.check.akCheck).not.toBe(a.check.akCheck);
    for (let i = 0; i < 5; i++) expect(other.shares[i]!.data).not.toBe(a.shares[i]!.data);
  });

  it('draws exactly the split id and the coefficients: 16 + (k − 1) × share length bytes', () => {
    for (const k of [2, 3, 4]) {
      const rng = countingRng(seededRng(k));
      const { shares } = splitAuthenticationKey(testAk(2), { shares: 6, threshold: k, rng });
      const shareLength = encodeShare(shares[0]!).data.length / 2; // 48 for 32 bytes: 1 + 256 bits padded to 384
      expect(shareLength).toBe(48);
      expect(rng.drawn).toBe(16 + (k - 1) * shareLength);
    }
  });

  it('splits interleaved with different Rngs do not disturb each other', async () => {
    const seeds = Array.from({ length: 12 }, (_, i) => 100 + i);
    const alone = seeds.map((seed) => wire(splitAuthenticationKey(testAk(seed), { shares: 4, rng: seededRng(seed) })));
    // Concurrent async callers each holding their own Rng, yielding between steps.
    const together = await Promise.all(
      seeds.map(async (seed, i) => {
        const rng = seededRng(seed);
        await new Promise((r) => setTimeout(r, (i * 7) % 5));
        const result = splitAuthenticationKey(testAk(seed), { shares: 4, rng });
        await Promise.resolve();
        return wire(result);
      }),
    );
    expect(together).toEqual(alone);
  });

  it('leaves secrets.js on its own default source, never on a finished split\'s Rng', () => {
    const rng = countingRng(seededRng(9));
    splitAuthenticationKey(testAk(3), { shares: 3, rng });
    const drawn = rng.drawn;
    expect(secrets.getConfig()).toMatchObject({ bits: 8, hasCSPRNG: true, typeCSPRNG: 'nodeCryptoRandomBytes' });
    secrets.share('ab'.repeat(16), 3, 2);
    secrets.random(64);
    expect(rng.drawn).toBe(drawn);
  });

  it('still works after someone else switched secrets.js to another field size', () => {
    secrets.init(12, 'nodeCryptoRandomBytes');
    const ak = testAk(4);
    const a = wire(splitAuthenticationKey(ak, { shares: 3, rng: seededRng(5) }));
    secrets.init(8, 'nodeCryptoRandomBytes');
    const b = wire(splitAuthenticationKey(ak, { shares: 3, rng: seededRng(5) }));
    expect(a).toEqual(b);
  });
});
