/**
 * Where RSA-2048 key pairs come from. A key pair is the dearest thing ekmsim makes (≈ 100–200 ms
 * of one core, in OpenSSL on libuv's thread pool), and a simulation makes several as it starts.
 * `keyPairsAhead` makes a few before they are asked for, a set number at a time, so that a
 * program can have them made while its cores are otherwise idle, as while the rest of the program
 * loads; each pair is handed out once. Past those, and from `freshKeyPairs`, a pair is made when
 * asked for.
 */
import { generateKeyPair, type KeyPair } from './keys.js';

export interface KeyPairSource {
  /** A new RSA-2048 key pair, never handed out before. */
  take(): Promise<KeyPair>;
}

export const freshKeyPairs: KeyPairSource = { take: () => generateKeyPair() };

export interface AheadOptions {
  /** How many pairs are made side by side (default 1: one after another). */
  readonly atOnce?: number;
  /** Makes one pair (default: an RSA-2048 generation). */
  readonly make?: () => Promise<KeyPair>;
}

/**
 * `count` pairs made from now on, `atOnce` side by side (each further one begun when one of those
 * is made), handed out first in the order begun; then fresh ones.
 */
export function keyPairsAhead(count: number, options: AheadOptions = {}): KeyPairSource {
  const { atOnce = 1, make = () => generateKeyPair() } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`keyPairsAhead: count must be a whole number ≥ 0, not ${count}`);
  if (!Number.isInteger(atOnce) || atOnce < 1) throw new RangeError(`keyPairsAhead: atOnce must be a whole number ≥ 1, not ${atOnce}`);
  const ahead: Promise<KeyPair>[] = [];
  for (let i = 0; i < count; i++) {
    const before = ahead[i - atOnce];
    const pair = before === undefined ? make() : before.then(make, make);
    // Taken later, or never (a run that ends first): a failure is seen by the taker, if any.
    pair.catch(() => undefined);
    ahead.push(pair);
  }
  return { take: () => ahead.shift() ?? make() };
}
