import { randomInt, seededRng, type Rng } from '@ekmsim/core';
import {
  ShamirError,
  combineAuthenticationKey,
  decodeKeyCheck,
  decodeShare,
  encodeKeyCheck,
  encodeShare,
  type KeyCheckJson,
  type ShareJson,
} from '@ekmsim/shamir';
import { describe, expect, it } from 'vitest';
import { hex, split, testAk } from './support.js';

/** Outcome of a combine: the key, or the code of the ShamirError (anything else fails the test). */
function attempt(fn: () => Uint8Array): Uint8Array | string {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof ShamirError)) throw err;
    return err.code;
  }
}

function flip(bytes: Uint8Array, bit: number): Uint8Array {
  const out = Uint8Array.from(bytes);
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

/** One random k-of-n split and the k shares a node would combine. */
function scenario(rng: Rng, trial: number) {
  const k = 2 + randomInt(rng, 3);
  const n = k + randomInt(rng, 7 - k);
  const ak = testAk(trial, 16 + randomInt(rng, 49));
  const { shares, check } = split(ak, n, k, 1000 + trial);
  const order = [...shares];
  for (let i = order.length - 1; i > 0; i--) {
    const j = randomInt(rng, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return { ak, check, used: order.slice(0, k).map((s) => encodeShare(s)) };
}

/** The share's binary fields (split id, index, data) as one byte string, and back. */
function shareBytes(s: ShareJson): Uint8Array {
  return Uint8Array.from([...Buffer.from(s.splitId, 'hex'), s.index, ...Buffer.from(s.data, 'hex')]);
}
function shareFromBytes(b: Uint8Array): ShareJson {
  return { kind: 'ekmsim.shamir.share', version: 1, splitId: hex(b.subarray(0, 16)), index: b[16]!, data: hex(b.subarray(17)) };
}

/** The check's fields (split id, k, n, secret length, commitments, AK check) as bytes, and back. */
function checkBytes(c: KeyCheckJson): Uint8Array {
  const len = [c.secretLength >> 8, c.secretLength & 0xff];
  return Uint8Array.from(Buffer.concat([
    Buffer.from(c.splitId, 'hex'),
    Uint8Array.of(c.threshold, c.shares, ...len),
    ...c.commitments.map((x) => Buffer.from(x, 'hex')),
    Buffer.from(c.akCheck, 'hex'),
  ]));
}
function checkFromBytes(b: Uint8Array, n: number): KeyCheckJson {
  const commitments = Array.from({ length: n }, (_, i) => hex(b.subarray(20 + 32 * i, 52 + 32 * i)));
  return {
    kind: 'ekmsim.shamir.keyCheck', version: 1, splitId: hex(b.subarray(0, 16)), threshold: b[16]!, shares: b[17]!,
    secretLength: (b[18]! << 8) | b[19]!, commitments, akCheck: hex(b.subarray(20 + 32 * n)),
  };
}

describe('one flipped bit never yields a wrong key (seeded property tests)', () => {
  it('a flipped bit in the data of a share being combined is MALFORMED_SHARE (1,000 flips)', () => {
    const rng = seededRng(0x5eed);
    for (let trial = 0; trial < 100; trial++) {
      const { ak, check, used } = scenario(rng, trial);
      for (let f = 0; f < 10; f++) {
        const victim = randomInt(rng, used.length);
        const data = Buffer.from(used[victim]!.data, 'hex');
        const bad = used.map((s, i) => (i === victim ? { ...s, data: hex(flip(data, randomInt(rng, data.length * 8))) } : s));
        const out = attempt(() => combineAuthenticationKey(bad.map(decodeShare), check));
        expect(out, `trial ${trial}`).toBe('MALFORMED_SHARE');
        expect(combineAuthenticationKey(used.map(decodeShare), check)).toEqual(ak);
      }
    }
  });

  it('a flipped bit anywhere in a share being combined is an error (1,000 flips)', () => {
    const rng = seededRng(0xb17);
    const seen = new Set<string>();
    for (let trial = 0; trial < 100; trial++) {
      const { check, used } = scenario(rng, 500 + trial);
      for (let f = 0; f < 10; f++) {
        const victim = randomInt(rng, used.length);
        const bytes = shareBytes(used[victim]!);
        const bad = shareFromBytes(flip(bytes, randomInt(rng, bytes.length * 8)));
        const out = attempt(() => combineAuthenticationKey(used.map((s, i) => decodeShare(i === victim ? bad : s)), check));
        expect(typeof out, `trial ${trial}`).toBe('string');
        seen.add(out as string);
      }
    }
    // An index flipped onto another share's index fails its commitment before it can be a duplicate.
    expect([...seen].sort()).toEqual(['MALFORMED_SHARE', 'MIXED_SPLITS']);
  });

  it('a flipped bit anywhere in the KeyCheck gives an error or the right key, never another (1,000 flips)', () => {
    const rng = seededRng(0xc4ec);
    const seen = new Set<string>();
    for (let trial = 0; trial < 100; trial++) {
      const { ak, check, used } = scenario(rng, 900 + trial);
      const json = encodeKeyCheck(check);
      const bytes = checkBytes(json);
      for (let f = 0; f < 10; f++) {
        const bad = checkFromBytes(flip(bytes, randomInt(rng, bytes.length * 8)), json.shares);
        const out = attempt(() => combineAuthenticationKey(used.map(decodeShare), decodeKeyCheck(bad)));
        if (typeof out === 'string') seen.add(out);
        else expect(out, `trial ${trial}`).toEqual(ak);
      }
    }
    expect(seen).toContain('WRONG_KEY');
    expect(seen).toContain('MALFORMED_SHARE');
  });
});
