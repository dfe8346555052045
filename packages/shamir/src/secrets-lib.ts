/**
 * The one door to secrets.js-grempe, and how its randomness comes from the injected Rng.
 *
 * secrets.js keeps its configuration, including its random source, in module-global state
 * (`setRNG`), and its published typings only admit the names of its built-in sources. So each
 * split installs a source bound to that split's Rng immediately before `share()` and puts the
 * library's default back immediately after, all in one synchronous stretch: JavaScript runs no
 * other code in between (no await, no callback), so two users with different Rngs in the same
 * thread cannot interleave, and each worker thread has its own copy of the module. A source left
 * behind by a finished split throws rather than hand out a stale Rng's bytes.
 */
import secretsJs from 'secrets.js-grempe';
import type { Rng } from '@ekmsim/core';
import { FIELD_BITS } from './limits.js';

/** What ekmsim uses of secrets.js, typed as it really behaves. */
interface SecretsJs {
  init(bits?: number): void;
  getConfig(): { bits: number };
  /** A name of a built-in source, a function `(bits) => string of 0/1 digits`, or nothing (default). */
  setRNG(rng?: string | ((bits: number) => string)): boolean;
  share(secretHex: string, numShares: number, threshold: number): string[];
  combine(shares: string[]): string;
  extractShareComponents(share: string): { bits: number; id: number; data: string };
}

const secrets = secretsJs as unknown as SecretsJs;

/** GF(2^8): re-initialise only if someone else switched the library to another field size. */
function ensureField(): void {
  if (secrets.getConfig().bits !== FIELD_BITS) secrets.init(FIELD_BITS);
}

/**
 * `bits` uniformly random binary digits from `rng`. Unlike the library's own sources this may
 * return all zeros: a zero coefficient is as likely as any other in a uniform polynomial, and
 * excluding it (as secrets.js's sources do) would rule out one value of each secret byte for
 * anyone holding k−1 shares.
 */
function randomBits(rng: Rng, bits: number): string {
  const bytes = rng.bytes(Math.ceil(bits / 8));
  let s = '';
  for (const b of bytes) s += b.toString(2).padStart(8, '0');
  return s.slice(s.length - bits);
}

/** Shares of `secretHex` as secrets.js strings, with every coefficient drawn from `rng`. */
export function shareHex(secretHex: string, numShares: number, threshold: number, rng: Rng): string[] {
  ensureField();
  // setRNG samples the new source a few times to test it: answer those without drawing from the
  // Rng, so a seeded run depends only on the coefficients actually used.
  let phase: 'self-test' | 'sharing' | 'done' = 'self-test';
  const source = (bits: number): string => {
    if (phase === 'sharing') return randomBits(rng, bits);
    if (phase === 'self-test') return '1'.repeat(bits);
    throw new Error('secrets.js used the random source of a finished split');
  };
  secrets.setRNG(source);
  phase = 'sharing';
  try {
    return secrets.share(secretHex, numShares, threshold);
  } finally {
    phase = 'done';
    secrets.setRNG(); // the library's default CSPRNG, as it was before this call
  }
}

/** The secret (hex) rebuilt from secrets.js share strings. Never detects a wrong result. */
export function combineHex(shares: string[]): string {
  ensureField();
  return secrets.combine(shares);
}

/** Index and data hex of a share string that secrets.js produced. */
export function parseShareString(share: string): { index: number; dataHex: string } {
  const { bits, id, data } = secrets.extractShareComponents(share);
  if (bits !== FIELD_BITS) throw new Error(`secrets.js produced a ${bits}-bit share`);
  return { index: id, dataHex: data.toLowerCase() };
}

/** The secrets.js string of a share: field size (base 36), index (2 hex digits), data (hex). */
export function shareString(index: number, dataHex: string): string {
  return FIELD_BITS.toString(36) + index.toString(16).padStart(2, '0') + dataHex;
}
