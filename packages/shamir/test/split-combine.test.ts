import { seededRng } from '@ekmsim/core';
import {
  DEFAULT_THRESHOLD,
  combineAuthenticationKey,
  splitAuthenticationKey,
  verifyAuthenticationKey,
  verifyShare,
} from '@ekmsim/shamir';
import { describe, expect, it } from 'vitest';
import { expectShamirError, split, subsets, testAk } from './support.js';

describe('split and combine', () => {
  for (let n = 2; n <= 6; n++) {
    for (let k = 2; k <= Math.min(4, n); k++) {
      it(`${k}-of-${n}: every subset of k or more shares rebuilds the AK, in any order`, () => {
        const ak = testAk(n * 10 + k);
        const { shares, check } = split(ak, n, k);
        expect(shares.map((s) => s.index)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(check).toMatchObject({ threshold: k, shareCount: n, secretLength: 32 });
        for (let size = k; size <= n; size++) {
          for (const subset of subsets(shares, size)) {
            expect(combineAuthenticationKey(subset, check)).toEqual(ak);
            expect(combineAuthenticationKey([...subset].reverse(), check)).toEqual(ak);
          }
        }
      });

      it(`${k}-of-${n}: every subset of k − 1 shares is TOO_FEW_SHARES`, () => {
        const { shares, check } = split(testAk(n * 10 + k), n, k);
        for (const subset of subsets(shares, k - 1)) {
          const e = expectShamirError(() => combineAuthenticationKey(subset, check), 'TOO_FEW_SHARES');
          expect(e.message).toContain(`needs ${k}`);
        }
        expectShamirError(() => combineAuthenticationKey([], check), 'TOO_FEW_SHARES');
      });
    }
  }

  it.each([16, 17, 31, 32, 33, 48, 64, 1024])('splits and rebuilds a %i-byte key', (length) => {
    const ak = testAk(length, length);
    const { shares, check } = split(ak, 4, 3);
    expect(combineAuthenticationKey(shares.slice(1), check)).toEqual(ak);
  });

  it('keeps leading and trailing zero bytes (an AK is bytes, not a number)', () => {
    const ak = new Uint8Array(32);
    ak[5] = 1;
    const { shares, check } = split(ak, 3, 2);
    expect(combineAuthenticationKey([shares[2]!, shares[0]!], check)).toEqual(ak);
  });

  it(`defaults to k = ${DEFAULT_THRESHOLD} and serves a 40-node cluster and the 255-share maximum`, () => {
    const ak = testAk(40);
    const forty = splitAuthenticationKey(ak, { shares: 40, rng: seededRng(1) });
    expect(forty.check.threshold).toBe(2);
    expect(combineAuthenticationKey([forty.shares[39]!, forty.shares[17]!], forty.check)).toEqual(ak);
    const max = split(ak, 255, 4);
    expect(combineAuthenticationKey([max.shares[254]!, max.shares[0]!, max.shares[100]!, max.shares[200]!], max.check)).toEqual(ak);
  });

  it('verifies the AK and each share against the KeyCheck', () => {
    const ak = testAk(3);
    const { shares, check } = split(ak, 3, 2);
    const other = split(ak, 3, 2, 99);
    expect(verifyAuthenticationKey(ak, check)).toBe(true);
    expect(verifyAuthenticationKey(ak, other.check)).toBe(true);
    const flipped = Uint8Array.from(ak);
    flipped[31]! ^= 0x80;
    expect(verifyAuthenticationKey(flipped, check)).toBe(false);
    expect(verifyAuthenticationKey(ak.subarray(0, 16), check)).toBe(false);
    expect(verifyAuthenticationKey(testAk(4), check)).toBe(false);
    for (const s of shares) expect(verifyShare(s, check)).toBe(true);
    for (const s of other.shares) expect(verifyShare(s, check)).toBe(false);
  });

  it.each([
    ['a 15-byte key', { ak: 15, shares: 3, threshold: 2 }],
    ['a 1025-byte key', { ak: 1025, shares: 3, threshold: 2 }],
    ['one share', { ak: 32, shares: 1, threshold: 2 }],
    ['256 shares', { ak: 32, shares: 256, threshold: 2 }],
    ['threshold 1', { ak: 32, shares: 3, threshold: 1 }],
    ['threshold above n', { ak: 32, shares: 3, threshold: 4 }],
    ['a fractional threshold', { ak: 32, shares: 3, threshold: 2.5 }],
  ])('refuses %s with INVALID_ARGUMENT', (_name, p) => {
    expectShamirError(
      () => splitAuthenticationKey(new Uint8Array(p.ak), { shares: p.shares, threshold: p.threshold, rng: seededRng(1) }),
      'INVALID_ARGUMENT',
    );
  });
});
