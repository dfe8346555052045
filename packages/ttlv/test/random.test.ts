import { fromHex, randomInt, seededRng, toHex } from '@ekmsim/core';
import { decodeTtlv, emptyDictionary, encodeTtlv, fromJson, toJson, TtlvDecodeError } from '@ekmsim/ttlv';
import { describe, expect, it } from 'vitest';
import { testDictionary } from './support/dictionary.js';
import { randomItem } from './support/random.js';
import { messageRows } from './support/vectors.js';

const TREES = 500;

describe('seeded random round trips', () => {
  it(`encode → decode gives back each of ${TREES} random trees`, () => {
    const rng = seededRng(0x7714);
    for (let i = 0; i < TREES; i++) {
      const item = randomItem(rng);
      expect(decodeTtlv(encodeTtlv(item), { maxDepth: 64 })).toEqual(item);
    }
  });

  it(`encode → JSON text → fromJson → encode is byte-identical for ${TREES} random trees`, () => {
    const rng = seededRng(0x15011);
    for (let i = 0; i < TREES; i++) {
      const item = randomItem(rng);
      const bytes = encodeTtlv(item);
      for (const dictionary of [emptyDictionary, testDictionary]) {
        const text = JSON.stringify(toJson(item, dictionary));
        expect(toHex(encodeTtlv(fromJson(JSON.parse(text), dictionary, { maxDepth: 64 })))).toBe(toHex(bytes));
      }
    }
  });
});

describe('seeded mutation fuzzing of the message vectors', () => {
  // The decoder is canonical: whatever it accepts re-encodes to the very bytes it read, and
  // whatever it refuses, it refuses with a TtlvDecodeError (never a RangeError or TypeError).
  it('every mutant is either refused with a TtlvDecodeError or re-encodes byte for byte', () => {
    const rng = seededRng(0xf022);
    let accepted = 0;
    let refused = 0;
    for (const row of messageRows) {
      const original = fromHex(row.hex);
      for (let i = 0; i < 300; i++) {
        const mutant = original.slice();
        for (let flips = 1 + randomInt(rng, 3); flips > 0; flips--) {
          const at = randomInt(rng, mutant.length);
          mutant[at] = mutant[at]! ^ (1 << randomInt(rng, 8));
        }
        try {
          expect(toHex(encodeTtlv(decodeTtlv(mutant)))).toBe(toHex(mutant));
          accepted++;
        } catch (e) {
          if (!(e instanceof TtlvDecodeError)) throw e;
          expect(e.offset).toBeGreaterThanOrEqual(0);
          expect(e.offset).toBeLessThanOrEqual(mutant.length);
          refused++;
        }
      }
    }
    // Both outcomes must actually occur, or the fuzzer is not exercising anything.
    expect(accepted).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });
});
