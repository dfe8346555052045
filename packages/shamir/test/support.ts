import { type Rng, seededRng } from '@ekmsim/core';
import { ShamirError, type ShamirErrorCode, splitAuthenticationKey } from '@ekmsim/shamir';
import { expect } from 'vitest';

/** A reproducible test AK (real AKs come from a secure Rng). */
export function testAk(seed: number, length = 32): Uint8Array {
  return seededRng(0xa4 ^ seed).bytes(length);
}

export function split(ak: Uint8Array, shares: number, threshold: number, seed = 7) {
  return splitAuthenticationKey(ak, { shares, threshold, rng: seededRng(seed) });
}

/** Every `k`-element subset of `items`, in lexicographic order of positions. */
export function subsets<T>(items: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  const out: T[][] = [];
  items.forEach((item, i) => {
    for (const rest of subsets(items.slice(i + 1), k - 1)) out.push([item, ...rest]);
  });
  return out;
}

/** Runs `fn`, expects a ShamirError with `code`, returns it. */
export function expectShamirError(fn: () => unknown, code: ShamirErrorCode): ShamirError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(ShamirError);
  expect((thrown as ShamirError).code).toBe(code);
  return thrown as ShamirError;
}

/** An Rng that counts the bytes drawn from it. */
export function countingRng(inner: Rng): Rng & { drawn: number } {
  const rng = {
    drawn: 0,
    bytes(n: number): Uint8Array {
      rng.drawn += n;
      return inner.bytes(n);
    },
  };
  return rng;
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
