/**
 * Where RSA-2048 key pairs come from. A key pair is the dearest thing ekmsim makes (≈ 100–200 ms
 * of one core, in OpenSSL on libuv's thread pool), and a simulation makes several as it starts.
 * `keyPairsAhead` makes a few before they are asked for, one after another (one core's worth),
 * so that a program can have them made while a core is otherwise idle, as while the rest of the
 * program loads on the other; each pair is handed out once. Past those, and from
 * `freshKeyPairs`, a pair is made when asked for.
 */
import { generateKeyPair, type KeyPair } from './keys.js';

export interface KeyPairSource {
  /** A new RSA-2048 key pair, never handed out before. */
  take(): Promise<KeyPair>;
}

export const freshKeyPairs: KeyPairSource = { take: () => generateKeyPair() };

/** `count` pairs made from now on, one after another, and handed out first in that order; then fresh ones. */
export function keyPairsAhead(count: number, make: () => Promise<KeyPair> = () => generateKeyPair()): KeyPairSource {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`keyPairsAhead: count must be a whole number ≥ 0, not ${count}`);
  const ahead: Promise<KeyPair>[] = [];
  let previous: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < count; i++) {
    const pair = previous.then(make, make);
    // Taken later, or never (a run that ends first): a failure is seen by the taker, if any.
    pair.catch(() => undefined);
    ahead.push(pair);
    previous = pair;
  }
  return { take: () => ahead.shift() ?? make() };
}
