/**
 * The AKs one operation needs (a boot unlock, an apply, an erase): each generation's key is
 * obtained at most once per operation, a failure to obtain it is remembered for the rest of the
 * operation (no second round of share gathering or key server dialing), and every key is wiped
 * when the operation ends. No AK outlives the operation that needed it.
 */
import { wipe } from '@ekmsim/shamir';

/** Obtains the verified AK of a generation (the ring wipes it). */
export type KeySource = (generation: number) => Promise<Uint8Array>;

export class KeyRing {
  readonly #keys = new Map<number, Promise<Uint8Array>>();

  constructor(private readonly source: KeySource) {}

  /** The AK of `generation`; not a copy: the ring wipes it. */
  get(generation: number): Promise<Uint8Array> {
    let key = this.#keys.get(generation);
    if (key === undefined) {
      key = this.source(generation);
      this.#keys.set(generation, key);
    }
    return key;
  }

  async wipeAll(): Promise<void> {
    const keys = [...this.#keys.values()];
    this.#keys.clear();
    for (const key of await Promise.allSettled(keys)) if (key.status === 'fulfilled') wipe(key.value);
  }
}

/** Runs `work` with a fresh ring and wipes every key it obtained, whatever happens. */
export async function withKeys<T>(source: KeySource, work: (keys: KeyRing) => Promise<T>): Promise<T> {
  const keys = new KeyRing(source);
  try {
    return await work(keys);
  } finally {
    await keys.wipeAll();
  }
}
