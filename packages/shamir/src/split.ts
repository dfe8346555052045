/**
 * Splitting the AK k-of-n. Everything random (the split id and every polynomial coefficient)
 * comes from the injected Rng, so a seeded Rng reproduces the shares and the check exactly.
 */
import type { Rng } from '@ekmsim/core';
import { akCheckValue, shareCommitment } from './authenticator.js';
import { combineAuthenticationKey } from './combine.js';
import { ShamirError } from './errors.js';
import { bytesOfHex, hexOf } from './hex.js';
import { KeyCheck } from './key-check.js';
import { MAX_SECRET_BYTES, MAX_SHARES, MIN_SECRET_BYTES, SPLIT_ID_BYTES } from './limits.js';
import { parseShareString, shareHex } from './secrets-lib.js';
import { Share, shareData } from './share.js';
import { wipe } from './wipe.js';

/** k when none is given: Element's internal keys need any two nodes. */
export const DEFAULT_THRESHOLD = 2;

export interface SplitOptions {
  /** n: shares to make, 2–255 (one per node). */
  readonly shares: number;
  /** k: shares needed to rebuild, 2–n. Default 2. */
  readonly threshold?: number;
  readonly rng: Rng;
}

export interface Split {
  /** Share i (index i) at position i − 1. */
  readonly shares: readonly Share[];
  /** Public: stored beside every share. */
  readonly check: KeyCheck;
}

/** Splits `ak` (16–1024 bytes; the caller keeps and wipes it) into authenticated shares. */
export function splitAuthenticationKey(ak: Uint8Array, options: SplitOptions): Split {
  const { shares: n, threshold: k = DEFAULT_THRESHOLD, rng } = options;
  if (!(ak instanceof Uint8Array) || ak.length < MIN_SECRET_BYTES || ak.length > MAX_SECRET_BYTES) {
    throw invalid(`the key must be ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes`);
  }
  if (!Number.isInteger(n) || n < 2 || n > MAX_SHARES) throw invalid(`shares must be an integer from 2 to ${MAX_SHARES}`);
  if (!Number.isInteger(k) || k < 2 || k > n) throw invalid(`threshold must be an integer from 2 to shares (${n})`);
  if (typeof rng?.bytes !== 'function') throw invalid('rng must be an Rng');

  const splitId = Uint8Array.from(rng.bytes(SPLIT_ID_BYTES));
  const splitIdHex = hexOf(splitId);
  let strings: string[];
  try {
    // The AK's hex lives only for this call (see wipe.ts for the copies JS leaves).
    strings = shareHex(hexOf(ak), n, k, rng);
  } catch {
    // No `cause`: library messages are not ours to vet for key material.
    throw new ShamirError('INVALID_ARGUMENT', 'secrets.js could not split the key');
  }
  const shares = strings.map((str, position) => {
    const { index, dataHex } = parseShareString(str);
    const data = bytesOfHex(dataHex);
    if (index !== position + 1 || data === null) throw new Error('secrets.js returned shares out of order');
    return new Share(splitIdHex, index, data);
  });
  const fields = {
    splitId,
    threshold: k,
    shareCount: n,
    secretLength: ak.length,
    commitments: shares.map((s) => shareCommitment(splitId, s.index, shareData(s))),
  };
  const check = new KeyCheck(fields, akCheckValue(ak, fields));
  selfCheck(shares, check, k);
  return { shares, check };
}

/**
 * The dealer wipes the AK right after splitting, so a split that cannot be rebuilt would be
 * found only when it is too late. Rebuild from the first and the last k shares (every index when
 * n ≤ 2k) before handing the shares out.
 */
function selfCheck(shares: readonly Share[], check: KeyCheck, k: number): void {
  for (const subset of [shares.slice(0, k), shares.slice(-k)]) wipe(combineAuthenticationKey(subset, check));
}

function invalid(message: string): ShamirError {
  return new ShamirError('INVALID_ARGUMENT', message);
}
